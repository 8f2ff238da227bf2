import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { QUEUE_ERRORS } from '../../../runtime/queue/errors.js';
import { CRON_ERRORS } from '../../../runtime/cron/errors.js';

test('errors: every queue and cron code is documented in docs/errors.md with its status', async () => {
  const doc = await readFile(new URL('../../../../docs/errors.md', import.meta.url), 'utf8');
  for (const [code, status] of Object.entries({ ...QUEUE_ERRORS, ...CRON_ERRORS })) {
    const row = doc.split('\n').find((line) => line.startsWith('|') && line.split('|')[1]?.trim().replace(/`/g, '') === code);
    assert.ok(row, `${code} is missing from docs/errors.md`);
    assert.equal(row.split('|')[2]?.trim(), String(status), `${code} status`);
  }
});

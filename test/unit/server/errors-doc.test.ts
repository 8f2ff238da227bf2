import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { GATEWAY_ERRORS } from '../../../runtime/server/errors.js';

test('errors: every gateway code (HTTP layer, host, CORS, admin guard) is documented in docs/errors.md with its status', async () => {
  const doc = await readFile(new URL('../../../../docs/errors.md', import.meta.url), 'utf8');
  for (const [code, status] of Object.entries({ ...GATEWAY_ERRORS, LH_DATA_LOCKED: 409 })) {
    const row = doc.split('\n').find((line) => line.startsWith('|') && line.split('|')[1]?.trim() === code);
    assert.ok(row, `${code} is missing from docs/errors.md`);
    assert.equal(row.split('|')[2]?.trim(), String(status), `${code} status`);
  }
});

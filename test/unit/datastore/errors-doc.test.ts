import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { DB_ERROR_CODES } from '../../../runtime/datastore/errors.js';

test('errors: every datastore code is documented in docs/errors.md with its status', async () => {
  const doc = await readFile(new URL('../../../../docs/errors.md', import.meta.url), 'utf8');
  for (const [code, status] of Object.entries(DB_ERROR_CODES)) {
    const row = doc.split('\n').find((line) => line.startsWith('|') && line.includes(code));
    assert.ok(row, `${code} is missing from docs/errors.md`);
    const cells = row.split('|').map((c) => c.trim().replace(/`/g, ''));
    assert.equal(cells[1], code);
    assert.equal(cells[2], String(status), `${code} status`);
  }
});

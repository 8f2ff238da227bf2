import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { LLM_ERROR_CODES } from '../../../runtime/llm/errors.js';

test('llm errors: every LH_LLM_ code is a row of docs/errors.md, and every row is a code', () => {
  const doc = readFileSync(new URL('../../../../docs/errors.md', import.meta.url), 'utf8');
  const documented = [...doc.matchAll(/^\| `?(LH_LLM_[A-Z_]+)`? \|/gm)].map((m) => m[1]);
  assert.deepEqual([...documented].sort(), Object.values(LLM_ERROR_CODES).sort());
});

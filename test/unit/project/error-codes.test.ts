import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../helpers/app-server.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('errors: every LH_ code in runtime/ and sdk/ has a row in docs/errors.md, and every row is used', () => {
  const inCode = new Set<string>();
  // sdk/ holds the app-side code that runs in the coderunner: the codes it raises count too.
  const roots = ['runtime', 'sdk'].map((d) => join(REPO_ROOT, d)).filter((d) => existsSync(d));
  for (const f of roots.flatMap(sources)) for (const m of readFileSync(f, 'utf8').matchAll(/\bLH_[A-Z][A-Z0-9_]+\b/g)) inCode.add(m[0]);
  const doc = readFileSync(join(REPO_ROOT, 'docs', 'errors.md'), 'utf8');
  const inDoc = new Set([...doc.matchAll(/^\| (LH_[A-Z0-9_]+) \|/gm)].map((m) => m[1]!));
  assert.deepEqual([...inCode].filter((c) => !inDoc.has(c)).sort(), [], 'codes missing from docs/errors.md');
  assert.deepEqual([...inDoc].filter((c) => !inCode.has(c)).sort(), [], 'documented codes no source uses');
});

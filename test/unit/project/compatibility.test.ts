import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../../helpers/app-server.js';

interface Row {
  id: string;
  status: string;
  note: string;
}
interface Compat {
  generate(root: string): {
    current: string;
    text: string;
    rows: Row[];
    errors: string[];
    undefinedCitations: { id: string; file: string; line: number }[];
    worksUntested: string[];
  };
  citedIds(text: string, known?: Set<string>): string[];
  parseDoc(text: string): { rows: Row[]; errors: string[] };
  renderDoc(text: string, byId: Map<string, string[]>, testCount: number, citingCount: number): string;
  scanTests(root: string): { name: string; file: string; line: number }[];
}

// The generator is a plain script (npm run compat); the test runs the same code.
const compat = (await import(pathToFileURL(join(REPO_ROOT, 'scripts', 'compat.mjs')).href)) as Compat;
// IDs that must not appear literally in this file, which is itself scanned for citations.
const id = (prefix: string, n: string) => `${prefix}-${n}`;

test('compatibility: docs/compatibility.md is what npm run compat writes from the test names', () => {
  const g = compat.generate(REPO_ROOT);
  assert.deepEqual(g.errors, [], 'malformed rows in docs/compatibility.md');
  if (g.text !== g.current) {
    const want = g.text.split('\n');
    const have = g.current.split('\n');
    const at = want.findIndex((l, i) => l !== have[i]);
    assert.fail(`docs/compatibility.md is stale (first difference on line ${at + 1}): run npm run compat\n  have: ${have[at]?.slice(0, 200)}\n  want: ${want[at]?.slice(0, 200)}`);
  }
});

test('compatibility: every ID cited in runtime/, sdk/, test/, templates/, bench/ and docs/ is defined there', (t) => {
  const g = compat.generate(REPO_ROOT);
  const missing = g.undefinedCitations.map((c) => `${c.file}:${c.line} ${c.id}`);
  assert.deepEqual(missing, [], 'cited IDs with no row in docs/compatibility.md');
  assert.ok(g.rows.length > 300, `${g.rows.length} rows`);
  t.diagnostic(`${g.rows.length} IDs; marked works without a test naming them: ${g.worksUntested.length}`);
});

test('compatibility: citations are read as single IDs, lists, ranges and AMB n', () => {
  const cases: [string, string[]][] = [
    ['DB-05 getOne: rejects', ['DB-05']],
    ['KV-06/07 del and delAll', ['KV-06', 'KV-07']],
    ['LOCAL-02/LOCAL-03 compose', ['LOCAL-02', 'LOCAL-03']],
    ['CONTRACT-23 / CRUD-12 list', ['CONTRACT-23', 'CRUD-12']],
    ['REQ-01…03 echo', ['REQ-01', 'REQ-02', 'REQ-03']],
    ['(DB-08...10)', ['DB-08', 'DB-09', 'DB-10']],
    ['WF-04/06/08 steps', ['WF-04', 'WF-06', 'WF-08']],
    ['resolves null (AMB 19); AMB-26', ['AMB 19', 'AMB 26']],
    ['DataStream CONTRACT-31: not thenable', ['CONTRACT-31']],
  ];
  for (const [text, want] of cases) assert.deepEqual(compat.citedIds(text), want, text);
});

test('compatibility: codes, versions, headers and dates are not IDs', () => {
  const notIds = [
    'LH_DB_NOT_FOUND and LH_QUEUE_NO_WORKER',
    'target ES-2020, ES2022',
    'node@24, node:20-slim',
    'CVE-2024-12345',
    'x-apikey, X-Request-Id, Content-Length: 12',
    'UTF-8, UTF-16, IEEE-754 bits, SHA-256, ISO-8601, RFC-7231',
    '/[A-Z0-9]-\\d+/ and 2024-01-05',
    'db-05 in lower case',
  ];
  for (const text of notIds) assert.deepEqual(compat.citedIds(text, new Set(['DB', 'LH'])), [], text);
});

test('compatibility: a defined prefix counts with any number, an invented one with two digits', () => {
  assert.deepEqual(compat.citedIds(`see ${id('DB', '5')}`, new Set(['DB'])), [id('DB', '5')]);
  assert.deepEqual(compat.citedIds(`see ${id('TK', '01')}`, new Set(['DB'])), [id('TK', '01')]);
  assert.deepEqual(compat.citedIds(`see ${id('TK', '2024')}`, new Set(['DB'])), []);
});

test('compatibility: test names come from test(), it(), describe(), dsTest() and t.test(), not from RegExp .test()', async () => {
  const root = await mkdtemp(join(tmpdir(), 'lh-compat-'));
  try {
    await mkdir(join(root, 'test', 'unit'), { recursive: true });
    // Built from parts so that this file's own text holds no test calls the scan would pick up.
    const call = (fn: string, arg: string) => `${fn}(${arg}, () => {});`;
    const source = [
      call('test', "'DB-05 one'"),
      call('it', '"DB-06 two"'),
      call('describe', '`DB-07 three`'),
      call('dsTest', "\n  'DB-09 four, it\\'s multi-line'"),
      call('await t.test', "'memory'"),
      "assert.ok(/DB-12/.test('DB-12'));",
      "const tested = split('DB-13');",
    ].join('\n');
    await writeFile(join(root, 'test', 'unit', 'x.test.ts'), source);
    const names = compat.scanTests(root).map((x) => `${x.name}@${x.line}`);
    assert.deepEqual(names, ['DB-05 one@1', 'DB-06 two@2', 'DB-07 three@3', "DB-09 four, it's multi-line@4", 'memory@6']);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('compatibility: rows are checked; rendering rewrites only the Tests cells and the summary', () => {
  const doc = [
    '# T',
    '<!-- compat:summary (generated by npm run compat) -->',
    'stale',
    '<!-- /compat:summary -->',
    '## 1. Area (DB)',
    '| ID | Behaviour | Status | Tests |',
    '| --- | --- | --- | --- |',
    '| DB-05 | `a\\|b` getOne | works | old |',
    '| DB-06 | findOne | differs: resolves `{x}` | — |',
    '| DB-07 | findOneOrNull | missing | — |',
  ].join('\n');
  const { rows, errors } = compat.parseDoc(doc);
  assert.deepEqual(errors, []);
  assert.deepEqual(rows.map((r) => [r.id, r.status, r.note]), [['DB-05', 'works', ''], ['DB-06', 'differs', 'resolves `{x}`'], ['DB-07', 'missing', '']]);
  const out = compat.renderDoc(doc, new Map([['DB-06', ['DB-06 a | b', 'uses `x`']]]), 3, 1).split('\n');
  assert.ok(out.includes('| DB-05 | `a\\|b` getOne | works | — |'), 'a works row without tests shows —');
  assert.ok(out.includes('| DB-06 | findOne | differs: resolves `{x}` | `DB-06 a \\| b`<br>`` uses `x` `` |'));
  assert.ok(out.includes('| 1. Area (DB) | 3 | 1 | 1 | 1 | 2 |'), out.join('\n'));
  assert.ok(out.some((l) => l.startsWith('Marked works, but no test names the ID yet (1): DB-05.')));
  assert.ok(!out.includes('stale'));

  const bad = compat.parseDoc([
    '| DB-05 | x | fine | — |',
    '| DB-06 | x | differs | — |',
    '| DB-07 | x | works |',
    '| DB-08 | x | works | — |',
    '| DB-08 | y | works | — |',
  ].join('\n'));
  assert.equal(bad.errors.length, 4, bad.errors.join('\n'));
});

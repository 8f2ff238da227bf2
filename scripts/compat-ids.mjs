// Compatibility IDs: how they are written, where the repository cites them, and which tests name them.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Folders whose files may cite IDs (docs/compatibility.md defines them). */
export const CITING_DIRS = ['runtime', 'sdk', 'test', 'templates', 'bench', 'docs'];
/** Folders holding tests whose names are read for the Tests column. */
export const TEST_DIRS = ['test', 'templates'];
const SKIP_DIRS = new Set(['node_modules', 'dist', '.localhooks', '.git']);
const TEXT_EXT = /\.(?:[cm]?[jt]s|md|json|ya?ml|txt|html?|sh)$/;
const TEST_EXT = /\.(?:[cm]?[jt]s)$/;

/**
 * Prefix-number tokens that look like IDs but are not (encodings, hashes, standards). Only consulted for
 * prefixes no row defines: a defined prefix (DB, WF …) is always a citation.
 */
const NOT_IDS = new Set(['UTF', 'UCS', 'ISO', 'IEEE', 'RFC', 'CVE', 'CWE', 'ES', 'ECMA', 'SHA', 'AES', 'RSA', 'HMAC', 'GPT', 'HTTP', 'TLS', 'SSL', 'IPV', 'MP', 'H', 'X', 'U', 'ID']);

// `DB-05`, then `/06`, `/DB-07` (lists) or `…10`, `...10`, `..10`, `–10` (inclusive ranges).
const HEAD = /(?<![\w-])([A-Z]{1,10})-(\d{1,4})(?![\w]|-\d)/g;
const MORE = /^(\/|…|\.\.\.?|–)([A-Z]{1,10}-)?(\d{1,4})(?![\w]|-\d)/;
const AMB = /(?<![\w-])AMB[ -]?(\d{1,3})(?!\d)/g;

const pad = (n) => String(n).padStart(2, '0');

/**
 * Every ID a text cites, in order of appearance, with repeats. `known` is the set of defined prefixes: a
 * token with a known prefix always counts (a one-digit number is reported, not ignored); an unknown prefix counts
 * when it has two digits like the real IDs and is not a known non-ID (`UTF-16`), so invented IDs surface.
 */
export function citedIds(text, known = new Set()) {
  const out = [];
  let consumed = 0;
  for (const m of text.matchAll(HEAD)) {
    const [whole, prefix, num] = m;
    // `AMB-26` is read by the AMB pattern below; an ID already read as part of a list is not read twice.
    if (prefix === 'AMB' || m.index < consumed) continue;
    const isId = known.has(prefix) ? num.length <= 3 : num.length === 2 && !NOT_IDS.has(prefix);
    if (!isId) continue;
    const ids = [`${prefix}-${num}`];
    let end = m.index + whole.length;
    let rest = text.slice(end);
    let last = Number(num);
    for (let more = MORE.exec(rest); more; more = MORE.exec(rest)) {
      const [w, sepr, otherPrefix, n] = more;
      const p = otherPrefix ? otherPrefix.slice(0, -1) : prefix;
      if (sepr !== '/' && p === prefix && Number(n) > last) {
        for (let i = last + 1; i <= Number(n); i++) ids.push(`${p}-${pad(i)}`);
      } else ids.push(`${p}-${n}`);
      last = Number(n);
      end += w.length;
      rest = rest.slice(w.length);
    }
    consumed = end;
    out.push(...ids);
  }
  for (const m of text.matchAll(AMB)) out.push(`AMB ${Number(m[1])}`);
  return out;
}

/** The prefix of an ID (`DB` of `DB-05`, `AMB` of `AMB 3`). */
export function prefixOf(id) {
  return id.split(/[- ]/)[0];
}

function walk(dir, ext) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      if (SKIP_DIRS.has(name)) return [];
      const p = join(dir, name);
      return statSync(p).isDirectory() ? walk(p, ext) : ext.test(name) ? [p] : [];
    });
}

const rel = (root, p) => relative(root, p).split(sep).join('/');
const lineAt = (text, index) => text.slice(0, index).split('\n').length;

/** Every citation in the citing folders (and README.md): `{id, file, line}`. */
export function scanCitations(root, known, skip = new Set()) {
  const files = [...CITING_DIRS.flatMap((d) => walk(join(root, d), TEXT_EXT)), join(root, 'README.md')];
  const out = [];
  for (const f of files) {
    const file = rel(root, f);
    if (skip.has(file) || !existsSync(f)) continue;
    const text = readFileSync(f, 'utf8');
    text.split('\n').forEach((lineText, i) => {
      for (const id of citedIds(lineText, known)) out.push({ id, file, line: i + 1 });
    });
  }
  return out;
}

// `test('…')`, `dsTest(…)`, `it(…)`, `describe(…)`, `suite(…)`, `t.test(…)`, `test.only(…)` with a string literal.
const TEST_CALL = /(?<![\w$.])(?:(?:t|ctx)\.)?(?:test|it|describe|suite|[a-z]\w*Test)(?:\.(?:only|each|concurrent|serial|sequential))?\s*\(\s*(['"`])((?:\\[\s\S]|(?!\1)[^\\])*)\1/g;

/** Every test name in the test folders: `{name, file, line}`, in file order. */
export function scanTests(root) {
  const out = [];
  for (const f of TEST_DIRS.flatMap((d) => walk(join(root, d), TEST_EXT))) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(TEST_CALL)) {
      const name = m[2].replace(/\\(['"`\\])/g, '$1');
      out.push({ name, file: rel(root, f), line: lineAt(text, m.index) });
    }
  }
  return out;
}

/** ID → the distinct names of the tests that cite it, in file order. */
export function testsById(tests, known) {
  const map = new Map();
  for (const t of tests) {
    for (const id of new Set(citedIds(t.name, known))) {
      const names = map.get(id) ?? [];
      if (!names.includes(t.name)) names.push(t.name);
      map.set(id, names);
    }
  }
  return map;
}

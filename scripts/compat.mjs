// npm run compat: rewrites the generated parts of docs/compatibility.md (Tests column, summary) from the test
// names, and reports IDs the repository cites that the document does not define.
//   node scripts/compat.mjs           write the document; exit 1 on problems
//   node scripts/compat.mjs --check   write nothing; exit 1 when the document is stale or on problems
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { citedIds, scanCitations, scanTests, testsById } from './compat-ids.mjs';
import { STATUSES, definedPrefixes, parseDoc, renderDoc } from './compat-doc.mjs';

export const DOC = 'docs/compatibility.md';
export { citedIds, parseDoc, renderDoc, scanTests };

/**
 * Everything the script and its test need: the current and the generated text, the rows, malformed rows
 * (`errors`), citations of undefined IDs (`undefinedCitations`, `{id, file, line}`) and the `works` rows
 * that no test names (`worksUntested`).
 */
export function generate(root) {
  const current = readFileSync(join(root, DOC), 'utf8');
  const { rows, errors } = parseDoc(current);
  if (!current.includes('<!-- compat:summary') || !current.includes('<!-- /compat:summary -->')) {
    errors.push('the summary markers <!-- compat:summary … --> and <!-- /compat:summary --> are missing');
  }
  const known = definedPrefixes(rows);
  const tests = scanTests(root).map((t) => ({ ...t, cites: citedIds(t.name, known) }));
  const byId = testsById(tests, known);
  const text = renderDoc(current, byId, tests.length, tests.filter((t) => t.cites.length).length);
  const defined = new Set(rows.map((r) => r.id));
  const undefinedCitations = scanCitations(root, known).filter((c) => !defined.has(c.id));
  const worksUntested = rows.filter((r) => r.status === 'works' && !byId.get(r.id)?.length).map((r) => r.id);
  return { current, text, rows, errors, undefinedCitations, worksUntested, tests };
}

function main() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const check = process.argv.includes('--check');
  const g = generate(root);
  let ok = true;
  for (const e of g.errors) {
    ok = false;
    console.error(`${DOC}: ${e}`);
  }
  for (const c of g.undefinedCitations) {
    ok = false;
    console.error(`${c.file}:${c.line}: cites ${c.id}, which ${DOC} does not define`);
  }
  const newIds = [...new Set(g.undefinedCitations.map((c) => c.id))];
  if (newIds.length) {
    console.error(`\nAdd a row for each to its section of ${DOC} (behaviour in one line; status works, differs: how, or missing), then run npm run compat again:`);
    for (const id of newIds) console.error(`| ${id} | … | works | — |`);
  }
  const counts = Object.fromEntries(STATUSES.map((s) => [s, g.rows.filter((r) => r.status === s).length]));
  const summary = `${g.rows.length} IDs (works ${counts.works}, differs ${counts.differs}, missing ${counts.missing}); ${g.worksUntested.length} marked works have no test`;
  if (g.text === g.current) console.log(`${DOC} is up to date: ${summary}`);
  else if (check) {
    ok = false;
    console.error(`${DOC} is stale: run npm run compat`);
  } else {
    writeFileSync(join(root, DOC), g.text);
    console.log(`${DOC} written: ${summary}`);
  }
  process.exitCode = ok ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();

#!/usr/bin/env node
// Extracts the summarizer app (`index.js`) from the seed blog post, byte for byte, into the test fixture and
// the llm-workflow template. The outputs are committed so tests never need the seed folder.
//
//   node scripts/extract-seed.mjs [seed.txt]            write the outputs
//   node scripts/extract-seed.mjs [seed.txt] --stdout   print the extracted app instead
//   node scripts/extract-seed.mjs [seed.txt] --check    exit 1 when a committed output differs
//
// Default seed: ../shared/seeds/000_255f8f7624501335.txt, relative to the repository root.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_SEED = resolve(ROOT, '..', 'shared', 'seeds', '000_255f8f7624501335.txt');
export const OUTPUTS = ['test/fixtures/summarizer/index.js', 'templates/llm-workflow/index.js'];

// The post shows the helper on its own first; the app proper is the only block that starts with this import.
const START = "import { app, Datastore } from 'codehooks-js';";
const END = 'export default app.init();';

/** The text from the app's first import through `export default app.init();`, plus a final newline. */
export function extractSummarizer(seed) {
  const start = seed.indexOf(START);
  if (start < 0) throw new Error(`seed: no line "${START}"`);
  const end = seed.indexOf(END, start);
  if (end < 0) throw new Error(`seed: no "${END}" after the import`);
  return `${seed.slice(start, end + END.length)}\n`;
}

async function main(argv) {
  const flags = argv.filter((a) => a.startsWith('--'));
  const paths = argv.filter((a) => !a.startsWith('--'));
  const unknown = flags.filter((f) => f !== '--stdout' && f !== '--check');
  if (unknown.length || paths.length > 1) {
    console.error('usage: node scripts/extract-seed.mjs [seed.txt] [--stdout | --check]');
    return 2;
  }
  const seedPath = resolve(paths[0] ?? DEFAULT_SEED);
  const app = extractSummarizer(await readFile(seedPath, 'utf8'));
  if (flags.includes('--stdout')) {
    process.stdout.write(app);
    return 0;
  }
  if (flags.includes('--check')) {
    const stale = [];
    for (const out of OUTPUTS) {
      const have = await readFile(join(ROOT, out), 'utf8').catch(() => null);
      if (have !== app) stale.push(out);
    }
    if (stale.length) console.error(`out of date with ${seedPath}: ${stale.join(', ')} (run node scripts/extract-seed.mjs)`);
    return stale.length ? 1 : 0;
  }
  for (const out of OUTPUTS) {
    await mkdir(dirname(join(ROOT, out)), { recursive: true });
    await writeFile(join(ROOT, out), app);
    console.log(`wrote ${out} (${app.length} chars from ${relative(ROOT, seedPath)})`);
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code), (err) => {
    console.error(`extract-seed: ${err.message}`);
    process.exitCode = 1;
  });
}

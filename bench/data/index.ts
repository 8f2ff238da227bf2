/**
 * Data tools throughput beside raw LevelDB on the same data, in one run (100k rows of 4 fields):
 *   localhooks import, JSON Lines file → running server (parse, validate, write by _id)   vs raw level batch writes
 *   localhooks import, CSV file (the same rows)                                           vs the same raw writes
 *   localhooks export, server → JSON Lines file                                           vs a raw level iterator read
 * Imports and exports go over the admin API on loopback, as the CLI does. Target: a 100k-row CSV in under 10 s.
 * Run: `npm run build && node dist/bench/data/index.js`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Level } from 'level';
import { startLocalhooks } from '../../runtime/app.js';
import { AdminClient } from '../../runtime/cli/data/client.js';
import { readImport } from '../../runtime/cli/data/import-source.js';
import { exportData, IMPORT_BATCH, importData } from '../../runtime/cli/data/transfer.js';
import { createLogger } from '../../runtime/logger.js';
import { defaultIo } from '../../runtime/queue/admin-client.js';

export const ROWS = 100_000;
const APP = `import { app } from 'codehooks-js';\napp.get('/', (req, res) => res.end('ok'));\nexport default app.init();\n`;

export interface DataBenchResult {
  importJsonRowsPerSec: number;
  importCsvRowsPerSec: number;
  importCsvMs: number;
  exportDocsPerSec: number;
  rawWriteRowsPerSec: number;
  rawReadDocsPerSec: number;
}

const row = (i: number) => ({ sku: `SKU-${i}`, name: `Item ${i}, size ${i % 5}`, price: (i % 1000) / 10, stock: i % 97 });

export async function run(log: (line: string) => void = console.log): Promise<DataBenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'lh-bench-data-'));
  await writeFile(join(dir, 'index.js'), APP);
  const jsonl = join(dir, 'products.jsonl');
  const csv = join(dir, 'products.csv');
  const rows = Array.from({ length: ROWS }, (_, i) => row(i));
  await writeFile(jsonl, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  await writeFile(csv, ['sku,name,price,stock', ...rows.map((r) => `${r.sku},"${r.name}",${r.price},${r.stock}`)].join('\n') + '\n');
  const lh = await startLocalhooks({ appDir: dir, port: 0, watch: false, logger: createLogger({ level: 'warn' }), dataDir: join(dir, 'data') });
  const client = new AdminClient(defaultIo(), `http://localhost:${lh.port}`);
  const quiet = () => {};
  const raw = new Level<string, string>(join(dir, 'raw'), { keyEncoding: 'utf8', valueEncoding: 'utf8' });
  await raw.open();
  try {
    const timed = async (fn: () => Promise<unknown>): Promise<number> => {
      const t = performance.now();
      await fn();
      return performance.now() - t;
    };
    const jsonMs = await timed(async () => importData(client, await readImport(jsonl, { collection: 'json' }), quiet));
    const csvMs = await timed(async () => importData(client, await readImport(csv, { collection: 'csv' }), quiet));
    const exportMs = await timed(() => exportData(client, join(dir, 'out'), ['csv'], quiet));

    // The floor: the same documents (with ids), written in batches of the import's size, then read back.
    const docs = rows.map((r, i) => ({ _id: i.toString(16).padStart(24, '0'), ...r }));
    const rawWriteMs = await timed(async () => {
      for (let i = 0; i < docs.length; i += IMPORT_BATCH) {
        await raw.batch(docs.slice(i, i + IMPORT_BATCH).map((d) => ({ type: 'put' as const, key: `doc/raw/${d._id}`, value: JSON.stringify(d) })));
      }
    });
    let read = 0;
    const rawReadMs = await timed(async () => {
      for await (const value of raw.values({ gte: 'doc/raw/', lt: 'doc/raw/\uffff' })) if (JSON.parse(value)) read++;
    });
    if (read !== ROWS) throw new Error(`raw read ${read} of ${ROWS}`);

    const perSec = (n: number, ms: number) => Math.round((n / ms) * 1000);
    const result: DataBenchResult = {
      importJsonRowsPerSec: perSec(ROWS, jsonMs),
      importCsvRowsPerSec: perSec(ROWS, csvMs),
      importCsvMs: Math.round(csvMs),
      exportDocsPerSec: perSec(ROWS, exportMs),
      rawWriteRowsPerSec: perSec(ROWS, rawWriteMs),
      rawReadDocsPerSec: perSec(ROWS, rawReadMs),
    };
    const fmt = (n: number) => n.toLocaleString('en').padStart(9);
    log(`data: import ${ROWS / 1000}k JSON Lines rows  ${fmt(result.importJsonRowsPerSec)} rows/s (${Math.round(jsonMs)} ms)   raw level batch write ${fmt(result.rawWriteRowsPerSec)} rows/s   ratio ${(result.importJsonRowsPerSec / result.rawWriteRowsPerSec).toFixed(2)}`);
    log(`data: import ${ROWS / 1000}k CSV rows         ${fmt(result.importCsvRowsPerSec)} rows/s (${Math.round(csvMs)} ms)   raw level batch write ${fmt(result.rawWriteRowsPerSec)} rows/s   ratio ${(result.importCsvRowsPerSec / result.rawWriteRowsPerSec).toFixed(2)} [target < 10 s: ${csvMs < 10_000 ? 'met' : 'MISSED'}]`);
    log(`data: export ${ROWS / 1000}k documents        ${fmt(result.exportDocsPerSec)} docs/s (${Math.round(exportMs)} ms)   raw level read        ${fmt(result.rawReadDocsPerSec)} docs/s   ratio ${(result.exportDocsPerSec / result.rawReadDocsPerSec).toFixed(2)}`);
    return result;
  } finally {
    await raw.close();
    await lh.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run();
}

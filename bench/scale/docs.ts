import { mkdir } from 'node:fs/promises';
import { rssOf } from '../server-process.js';
import { DOCS_APP, docOf } from './apps.js';
import { preload } from './preload.js';
import { appFolder, json, median, startApp } from './server.js';

/** Documents inserted from app code at each size (one `await` at a time). */
const INSERTS = 2000;

export interface ScaleRow {
  docs: number;
  insertPerSec: number;
  eqMs: number;
  eqResults: number;
  scanPerSec: number;
  countMs: number;
  rssMb: number;
}

/**
 * The scale table: collection `items` (indexed on `grp`, 100 documents per value) grown to each size in turn
 * (preloaded in-process between server runs), then measured from app code in a `localhooks dev` process:
 * sequential insertOne, an indexed equality query returning 100 documents, an unindexed query that matches
 * nothing (a full scan), `count()`, and the server's RSS after all of it.
 */
export async function scaleTable(sizes: number[], log: (row: ScaleRow) => void): Promise<ScaleRow[]> {
  const f = await appFolder('scale-docs', DOCS_APP);
  await mkdir(f.dataDir, { recursive: true });
  const rows: ScaleRow[] = [];
  let have = 0;
  try {
    for (const size of sizes) {
      await preload(f.dataDir, 'items', have, size, docOf, have === 0 ? ['grp'] : []);
      have = size;
      const server = await startApp(f.appDir, f.dataDir);
      try {
        const ins = await json<{ ms: number }>(server, '/insert', { from: 10_000_000 + have, n: INSERTS });
        const grp = Math.floor(size / 200);
        const eqs = [];
        let eqResults = 0;
        for (let k = 0; k < 5; k++) {
          const r = await json<{ n: number; ms: number }>(server, `/eq?grp=${grp + k}`);
          eqs.push(r.ms);
          eqResults = r.n;
        }
        const scan = await json<{ n: number; ms: number }>(server, '/scan');
        const count = await json<{ n: number; ms: number }>(server, '/count');
        const row: ScaleRow = {
          docs: size,
          insertPerSec: (INSERTS / ins.ms) * 1000,
          eqMs: median(eqs),
          eqResults,
          scanPerSec: (count.n / scan.ms) * 1000,
          countMs: count.ms,
          rssMb: (await rssOf(server.child.pid!)) / 2 ** 20,
        };
        rows.push(row);
        log(row);
      } finally {
        await server.stop();
      }
    }
    return rows;
  } finally {
    await f.rm();
  }
}

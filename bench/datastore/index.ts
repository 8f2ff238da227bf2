/**
 * Datastore throughput on LevelDB beside raw `level` on the same data, in one run:
 *   insertOne ×20k sequential        vs raw sequential put of the same JSON   (target ≥ 0.5 of raw)
 *   getOne by _id                    vs raw get + JSON.parse
 *   getMany equality on an indexed field over 100k docs (~100 results) vs a raw index range read (target < 20 ms)
 *   the same kind of filter on unindexed fields (full scan of 100k)        vs a raw scan + parse (target < 1 s)
 * Run: `npm run build && node dist/bench/datastore/index.js`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Level } from 'level';
import { openStore } from '../../runtime/storage/index.js';
import { createConn, createDatastore } from '../../runtime/datastore/index.js';
import { createLogger } from '../../runtime/logger.js';
import { makeDoc, idFor, GROUPS, type BenchDoc } from './docs.js';

export const SEQUENTIAL_INSERTS = 20_000;
export const TOTAL_DOCS = 100_000;
const GET_SAMPLES = 20_000;
const QUERY_SAMPLES = 50;
const SCAN_SAMPLES = 3;
const PAGE_SAMPLES = 2_000;
const BULK = 1_000;

export interface Measure {
  name: string;
  localhooks: number;
  raw: number;
  unit: 'ops/s' | 'ms';
  /** localhooks / raw for ops/s (higher is better), raw / localhooks for ms (higher is better). */
  ratio: number;
  target?: string;
  met?: boolean;
}

export async function run(log: (line: string) => void = console.log): Promise<Measure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'lh-bench-ds-'));
  const store = await openStore({ backend: 'level', path: join(dir, 'lh') });
  const ds = await createDatastore({ store, logger: createLogger({ level: 'warn' }) });
  const conn = createConn(ds);
  const raw = new Level<string, string>(join(dir, 'raw'), { keyEncoding: 'utf8', valueEncoding: 'utf8' });
  await raw.open();
  const results: Measure[] = [];
  const report = (m: Measure): void => {
    results.push(m);
    const fmt = (v: number): string => (m.unit === 'ms' ? `${v.toFixed(2)} ms` : `${Math.round(v).toLocaleString('en')} ops/s`);
    const verdict = m.target ? ` [target ${m.target}: ${m.met ? 'met' : 'MISSED'}]` : '';
    log(`${m.name.padEnd(44)} localhooks ${fmt(m.localhooks).padStart(14)}   raw level ${fmt(m.raw).padStart(14)}   ratio ${m.ratio.toFixed(2)}${verdict}`);
  };
  try {
    // 1. Sequential inserts, no index yet.
    const ids: string[] = [];
    let t = performance.now();
    for (let i = 0; i < SEQUENTIAL_INSERTS; i++) ids.push(((await conn.insertOne('bench', makeDoc(i))) as { _id: string })._id);
    const lhInsert = SEQUENTIAL_INSERTS / ((performance.now() - t) / 1000);
    t = performance.now();
    for (let i = 0; i < SEQUENTIAL_INSERTS; i++) await raw.put(`doc/bench/${idFor(i)}`, JSON.stringify({ _id: idFor(i), ...makeDoc(i) }));
    const rawInsert = SEQUENTIAL_INSERTS / ((performance.now() - t) / 1000);
    const insertRatio = lhInsert / rawInsert;
    report({ name: `insertOne sequential ×${SEQUENTIAL_INSERTS / 1000}k`, localhooks: lhInsert, raw: rawInsert, unit: 'ops/s', ratio: insertRatio, target: '≥ 0.5 of raw', met: insertRatio >= 0.5 });

    // 2. Point reads by id.
    const picks = Array.from({ length: GET_SAMPLES }, (_, i) => (i * 7919) % SEQUENTIAL_INSERTS);
    t = performance.now();
    for (const i of picks) await conn.getOne('bench', ids[i]!);
    const lhGet = GET_SAMPLES / ((performance.now() - t) / 1000);
    t = performance.now();
    for (const i of picks) JSON.parse((await raw.get(`doc/bench/${idFor(i)}`))!);
    const rawGet = GET_SAMPLES / ((performance.now() - t) / 1000);
    report({ name: 'getOne by _id', localhooks: lhGet, raw: rawGet, unit: 'ops/s', ratio: lhGet / rawGet });

    // 3. Index, then fill both databases to 100k (raw gets a hand-made index of the same shape).
    t = performance.now();
    await conn.createIndex('bench', ['group']);
    const buildMs = performance.now() - t;
    const rawIdx = raw.batch();
    for (let i = 0; i < SEQUENTIAL_INSERTS; i++) rawIdx.put(`idx/bench/group/${makeDoc(i).group}\0${idFor(i)}`, '');
    await rawIdx.write();
    for (let start = SEQUENTIAL_INSERTS; start < TOTAL_DOCS; start += BULK) {
      const docs: BenchDoc[] = Array.from({ length: BULK }, (_, k) => makeDoc(start + k));
      await conn.insertOne('bench', docs);
      const batch = raw.batch();
      docs.forEach((d, k) => {
        const id = idFor(start + k);
        batch.put(`doc/bench/${id}`, JSON.stringify({ _id: id, ...d }));
        batch.put(`idx/bench/group/${d.group}\0${id}`, '');
      });
      await batch.write();
    }
    log(`(createIndex over ${SEQUENTIAL_INSERTS / 1000}k docs: ${buildMs.toFixed(0)} ms; collection filled to ${TOTAL_DOCS / 1000}k)`);

    // 4. Indexed equality query returning ~100 of 100k.
    const groups = Array.from({ length: QUERY_SAMPLES }, (_, i) => `g${(i * 37) % GROUPS}`);
    await conn.getMany('bench', { group: groups[0] }).toArray(); // warm
    let found = 0;
    t = performance.now();
    for (const g of groups) found += (await conn.getMany('bench', { group: g }).toArray()).length;
    const lhIdx = (performance.now() - t) / QUERY_SAMPLES;
    t = performance.now();
    for (const g of groups) await rawIndexRead(raw, g);
    const rawIdxMs = (performance.now() - t) / QUERY_SAMPLES;
    report({ name: `getMany indexed eq (${Math.round(found / QUERY_SAMPLES)} of ${TOTAL_DOCS / 1000}k)`, localhooks: lhIdx, raw: rawIdxMs, unit: 'ms', ratio: rawIdxMs / lhIdx, target: '< 20 ms', met: lhIdx < 20 });

    // 5. Unindexed: the same shape of filter on a field without an index, and a numeric range (no text prefilter).
    for (const [label, query, test] of scanCases()) {
      let n = 0;
      t = performance.now();
      for (let s = 0; s < SCAN_SAMPLES; s++) n = (await conn.getMany('bench', query).toArray()).length;
      const lhScan = (performance.now() - t) / SCAN_SAMPLES;
      t = performance.now();
      for (let s = 0; s < SCAN_SAMPLES; s++) await rawScan(raw, test);
      const rawScanMs = (performance.now() - t) / SCAN_SAMPLES;
      report({ name: `${label} (${n} of ${TOTAL_DOCS / 1000}k)`, localhooks: lhScan, raw: rawScanMs, unit: 'ms', ratio: rawScanMs / lhScan, target: '< 1 s', met: lhScan < 1000 });
    }

    // 6. A page with a limit: the first 10 in `_id` order reads and parses 10 documents, not a store chunk; the
    // top 10 by a field keeps 10 while it reads all (raw: parse all, sort, take 10, as an app without us would).
    const firstRaw = async () => (await raw.values({ gte: 'doc/bench/', lt: 'doc/bench/\uffff', limit: 10 }).all()).map((v) => JSON.parse(v) as BenchDoc);
    const firstLh = () => conn.getMany('bench', {}, { limit: 10 }).toArray();
    for (let s = 0; s < 100; s++) await Promise.all([firstLh(), firstRaw()]); // warm
    t = performance.now();
    for (let s = 0; s < PAGE_SAMPLES; s++) await firstLh();
    const lhFirst = (performance.now() - t) / PAGE_SAMPLES;
    t = performance.now();
    for (let s = 0; s < PAGE_SAMPLES; s++) await firstRaw();
    const rawFirst = (performance.now() - t) / PAGE_SAMPLES;
    report({ name: 'getMany first 10, no sort', localhooks: lhFirst, raw: rawFirst, unit: 'ms', ratio: rawFirst / lhFirst });
    t = performance.now();
    for (let s = 0; s < SCAN_SAMPLES; s++) await conn.getMany('bench', {}, { sort: { n: -1 }, limit: 10 }).toArray();
    const lhTop = (performance.now() - t) / SCAN_SAMPLES;
    t = performance.now();
    for (let s = 0; s < SCAN_SAMPLES; s++) await rawTop(raw, 10);
    const rawTopMs = (performance.now() - t) / SCAN_SAMPLES;
    report({ name: `getMany top 10 by n of ${TOTAL_DOCS / 1000}k`, localhooks: lhTop, raw: rawTopMs, unit: 'ms', ratio: rawTopMs / lhTop });
  } finally {
    await ds.close();
    await store.close();
    await raw.close();
    await rm(dir, { recursive: true, force: true });
  }
  return results;
}

function scanCases(): [string, Record<string, unknown>, (d: BenchDoc) => boolean][] {
  return [
    ['getMany unindexed eq, full scan', { bucket: 'b321' }, (d) => d.bucket === 'b321'],
    ['getMany unindexed range, full scan', { n: { $gte: 50_000, $lt: 50_100 } }, (d) => d.n >= 50_000 && d.n < 50_100],
  ];
}

async function rawIndexRead(raw: Level<string, string>, group: string): Promise<unknown[]> {
  const prefix = `idx/bench/group/${group}\0`;
  const keys = await raw.keys({ gte: prefix, lt: `${prefix}\uffff` }).all();
  const values = await raw.getMany(keys.map((k) => `doc/bench/${k.slice(prefix.length)}`));
  return values.map((v) => JSON.parse(v!));
}

async function rawScan(raw: Level<string, string>, test: (d: BenchDoc) => boolean): Promise<number> {
  let n = 0;
  for await (const value of raw.values({ gte: 'doc/bench/', lt: 'doc/bench/\uffff' })) if (test(JSON.parse(value) as BenchDoc)) n++;
  return n;
}

async function rawTop(raw: Level<string, string>, k: number): Promise<BenchDoc[]> {
  const all: BenchDoc[] = [];
  for await (const value of raw.values({ gte: 'doc/bench/', lt: 'doc/bench/\uffff' })) all.push(JSON.parse(value) as BenchDoc);
  return all.sort((a, b) => b.n - a.n).slice(0, k);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run();
}

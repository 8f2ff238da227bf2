import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { systemClock } from '../../../runtime/clock.js';
import { createConn, createDatastore, type Conn } from '../../../runtime/datastore/index.js';
import { createLogger } from '../../../runtime/logger.js';
import { createDataServices, type DataServices } from '../../../runtime/services.js';
import { openStore, prefixRange, type Store } from '../../../runtime/storage/index.js';
import {
  buildWorkflowReport,
  summarizeInstance,
  WorkflowReportBuilder,
  workflowSummaries,
  type WorkflowInstanceDoc,
} from '../../../runtime/workflow/index.js';
import { freshPostgres } from '../../helpers/datastore-backends.js';

const WF = 'workflowdata';
const STEPS = ['start', 'fetch', 'store', 'finish'];
const logger = createLogger({ level: 'silent' });

/** An instance document as the SDK's engine writes it, `at` steps in (done past the last step). */
function instance(i: number, at: number): Record<string, unknown> {
  const stepCount: Record<string, unknown> = {};
  for (let s = 0; s < Math.min(at, STEPS.length); s++) stepCount[STEPS[s]!] = { visits: 1, startTime: `2026-01-0${1 + (i % 9)}T00:00:0${s}.000Z` };
  return {
    workflowName: i % 5 === 0 ? 'other' : 'main',
    nextStep: at >= STEPS.length ? null : STEPS[at],
    previousStep: at > 0 ? STEPS[Math.min(at, STEPS.length) - 1] : null,
    stepCount,
    createdAt: `2026-01-0${1 + (i % 9)}T00:00:00.000Z`,
    i,
  };
}

async function open(where: string): Promise<{ store: Store; s: DataServices; conn: Conn; close(): Promise<void> }> {
  const store = where.startsWith('postgres') ? await openStore({ backend: 'postgres', url: where }) : await openStore({ backend: 'level', path: where });
  const s = await createDataServices({ store, clock: systemClock, logger });
  return {
    store,
    s,
    conn: createConn(s.backend),
    close: async () => {
      await s.broker.close();
      await s.datastore.close();
      await store.close();
    },
  };
}

/** Inserts, steps forward, replaces, cancels, fails and removes instances: every write path a report sees. */
async function writeMix(conn: Conn, from: number): Promise<void> {
  const ids: string[] = [];
  for (let i = from; i < from + 40; i++) ids.push(((await conn.insertOne(WF, instance(i, i % 3))) as { _id: string })._id);
  for (let k = 0; k < ids.length; k += 2) await conn.updateOne(WF, ids[k]!, { $set: instance(from + k, 1 + (k % 5)) });
  await conn.replaceOne(WF, ids[1]!, { ...instance(from + 1, 4), lastError: 'boom' });
  await conn.updateOne(WF, ids[3]!, { $set: { status: 'cancelled' } });
  await conn.updateMany(WF, { i: { $in: [from + 5, from + 7] } }, { $set: { lastError: { message: 'bad' } } });
  await conn.removeOne(WF, ids[9]!);
  await conn.removeMany(WF, { i: { $gte: from + 36 } });
  await conn.insertOne(WF, { nextStep: 'lonely' });
}

/** The report and the stored summaries, each beside what a full scan of the documents gives. */
async function assertMatchesFullScan(store: Store, services: DataServices): Promise<number> {
  const docs: WorkflowInstanceDoc[] = [];
  for await (const [, json] of store.entries(prefixRange(`doc/${WF}/`))) docs.push(JSON.parse(json) as WorkflowInstanceDoc);
  const stored = new Map<string, unknown>();
  for await (const s of workflowSummaries(services.datastore.summaries(WF))) stored.set(s._id, s);
  assert.deepEqual(stored, new Map(docs.map((d) => [String(d._id), summarizeInstance(d)])), 'one summary per document, equal to it');
  for (const activeOnly of [false, true]) {
    const builder = new WorkflowReportBuilder({ activeOnly });
    // Newest first for one of the two: the report must not depend on the order it reads instances in.
    const reverse = activeOnly;
    for await (const s of workflowSummaries(services.datastore.summaries(WF, reverse))) builder.add(s);
    assert.deepEqual(builder.build(), buildWorkflowReport(docs, { activeOnly }), `report (activeOnly ${activeOnly})`);
  }
  return docs.length;
}

async function tempDir(): Promise<{ path: string; rm(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'lh-wf-summaries-'));
  return { path, rm: () => rm(path, { recursive: true, force: true }) };
}

/** Writes, restarts, drops and writes again at `where` (a LevelDB folder or a postgres:// URL). */
async function restartRoundTrip(where: string): Promise<void> {
  let db = await open(where);
  await writeMix(db.conn, 0);
  assert.ok((await assertMatchesFullScan(db.store, db.s)) > 30);
  await db.close();
  db = await open(where);
  await writeMix(db.conn, 100);
  const n = await assertMatchesFullScan(db.store, db.s);
  assert.ok(n > 60, `instances from both runs (${n})`);
  await db.conn.dropCollection(WF);
  assert.equal(await assertMatchesFullScan(db.store, db.s), 0, 'a dropped collection leaves no summaries');
  await writeMix(db.conn, 200);
  await db.close();
  db = await open(where);
  await assertMatchesFullScan(db.store, db.s);
  await db.close();
}

// On LevelDB and PostgreSQL; the older-folder and kill -9 tests below are about LevelDB folders and stay there.
test('workflow-status: the report from summaries matches a full scan over instances written before and after a restart', async (t) => {
  await t.test('level', async () => {
    const dir = await tempDir();
    try {
      await restartRoundTrip(join(dir.path, 'db'));
    } finally {
      await dir.rm();
    }
  });
  await t.test('postgres', async () => {
    const pg = await freshPostgres();
    await pg.close();
    await restartRoundTrip(pg.url);
  });
});

test('workflow-status: instances written without summaries (an older data folder) are summarised at open', async () => {
  const dir = await tempDir();
  try {
    const store = await openStore({ backend: 'level', path: join(dir.path, 'db') });
    const old = await createDatastore({ store, logger });
    await writeMix(createConn(old), 0);
    await old.close();
    await store.close();
    const db = await open(join(dir.path, 'db'));
    assert.ok((await assertMatchesFullScan(db.store, db.s)) > 30);
    await db.close();
  } finally {
    await dir.rm();
  }
});

const dist = (p: string): string => new URL(`../../../runtime/${p}`, import.meta.url).href;

/** Writes instances as fast as it can, printing a line after each acknowledged write, until it is killed. */
const CHILD = `
import { openStore } from ${JSON.stringify(dist('storage/index.js'))};
import { createDataServices } from ${JSON.stringify(dist('services.js'))};
import { createConn } from ${JSON.stringify(dist('datastore/index.js'))};
import { systemClock } from ${JSON.stringify(dist('clock.js'))};
import { createLogger } from ${JSON.stringify(dist('logger.js'))};
const store = await openStore({ backend: 'level', path: process.argv[2] });
const s = await createDataServices({ store, clock: systemClock, logger: createLogger({ level: 'silent' }) });
const conn = createConn(s.backend);
for (let i = 0; ; i++) {
  const { _id } = await conn.insertOne('workflowdata', { workflowName: 'w', nextStep: 'a', stepCount: { a: { visits: 1 } }, createdAt: String(i) });
  await Promise.all([
    conn.updateOne('workflowdata', _id, { $set: { nextStep: 'b', previousStep: 'a', stepCount: { a: { visits: 1 }, b: { visits: 1 } } } }),
    i % 3 === 0 ? conn.removeMany('workflowdata', { createdAt: String(i - 3) }) : null,
    conn.insertOne('workflowdata', { workflowName: 'v', nextStep: null, previousStep: 'z' }),
  ]);
  process.stdout.write(i + '\\n');
}
`;

test('workflow-status: after kill -9 in the middle of instance writes, every summary still matches its document', { timeout: 60_000 }, async () => {
  const dir = await tempDir();
  try {
    const script = join(dir.path, 'child.mjs');
    await writeFile(script, CHILD);
    const data = join(dir.path, 'db');
    const child = spawn(process.execPath, [script, data], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_c, signal) => r(signal)));
    let lines = 0;
    createInterface({ input: child.stdout! }).on('line', () => {
      if (++lines === 200) child.kill('SIGKILL');
    });
    assert.equal(await exited, 'SIGKILL');
    const db = await open(data);
    assert.ok((await assertMatchesFullScan(db.store, db.s)) >= 200);
    await db.close();
  } finally {
    await dir.rm();
  }
});

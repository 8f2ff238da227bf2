import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES } from '../../helpers/app-server.js';
import { startDev, type DevProcess } from '../../helpers/dev-process.js';
import { testDatabase } from '../../helpers/postgres.js';
import { openSse } from '../../helpers/sse.js';

// Three `localhooks serve` processes, one app, one PostgreSQL database: what must hold across processes.
let procs: DevProcess[] = [];
let dir = '';

before(async () => {
  const url = await testDatabase();
  dir = await mkdtemp(join(tmpdir(), 'lh-cluster-'));
  // Each process its own data and build folder: only the database is shared.
  procs = await Promise.all(
    [1, 2, 3].map((n) => startDev([join(FIXTURES, 'cluster-app'), '--store', url, '--data', join(dir, `data${n}`), '--build-dir', join(dir, `build${n}`)], {}, 'serve')),
  );
});

after(async () => {
  await Promise.all(procs.map((p) => p.stop()));
  await rm(dir, { recursive: true, force: true });
});

const post = async (p: DevProcess, path: string, body: unknown = {}) => {
  const r = await fetch(p.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(r.status, 200, `${path}: ${await r.clone().text()}`);
  return r.json() as Promise<Record<string, unknown>>;
};
const state = async (p: DevProcess) => (await (await fetch(p.url + '/state')).json()) as { hits: number; ticks: Record<string, number> };

test('cluster: the banner says where the data lives, without the password, and serve has no admin API', async () => {
  for (const p of procs) assert.match(p.output(), /data\s+PostgreSQL postgresql:\/\/postgres@localhost\/lh_test_/);
  for (const p of procs) assert.match(p.output(), /\n {2}dashboard {2}off \(localhooks serve --admin turns it on\)\n/);
  const r = await fetch(procs[0]!.origin + '/.localhooks/api/health', { headers: { 'x-localhooks-client': 'test' } });
  assert.equal(r.status, 404);
});

test('cluster: KV-05 300 parallel incr spread over three processes end at exactly 300', async () => {
  await Promise.all(Array.from({ length: 300 }, (_, i) => post(procs[i % 3]!, '/incr')));
  for (const p of procs) assert.equal((await state(p)).hits, 300);
});

test('cluster: $inc on one document from three processes loses no update; _id stays unique', async () => {
  await post(procs[0]!, '/counters', { _id: 'c1', n: 0 });
  const dup = await fetch(procs[1]!.url + '/counters', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ _id: 'c1', n: 5 }) });
  assert.notEqual(dup.status, 200, 'a second insert with the same _id through another process is refused');
  await Promise.all(Array.from({ length: 90 }, (_, i) => post(procs[i % 3]!, '/bump/c1')));
  const doc = (await (await fetch(procs[2]!.url + '/counters/c1')).json()) as { n: number };
  assert.equal(doc.n, 90);
});

test('cluster: a realtime listener on process A receives an event published through process B', async () => {
  const { listenerID } = await post(procs[0]!, '/connect');
  const stream = await openSse(`${procs[0]!.url}/chat/${String(listenerID)}`);
  try {
    assert.equal(stream.status, 200);
    await post(procs[1]!, '/messages', { text: 'from B' });
    await post(procs[2]!, '/messages', { text: 'from C', pad: 'x'.repeat(10_000) });
    await stream.until((events) => events.length >= 2, 'two events from the other processes', 10_000);
    // Each process's events arrive in its order; two processes' events may interleave either way.
    assert.deepEqual(stream.events.map((e) => (e as { text: string }).text).sort(), ['from B', 'from C']);
  } finally {
    stream.close();
  }
});

test('cluster: JOB-02 an every-second cron job runs once per tick across three processes, over 10 ticks', async () => {
  let ticks: Record<string, number> = {};
  // Ticks come from the real clock: wait (polling the app, no fixed sleep) until ten have run.
  for (let i = 0; i < 300 && Object.keys(ticks).length < 11; i++) {
    await new Promise((r) => setTimeout(r, 100));
    ticks = (await state(procs[i % 3]!)).ticks;
  }
  const seconds = Object.keys(ticks).sort();
  assert.ok(seconds.length >= 11, `only ${seconds.length} ticks ran`);
  // The newest second may still be running on its process; every other tick ran exactly once.
  for (const s of seconds.slice(0, 10)) assert.equal(ticks[s], 1, `tick ${s} ran ${ticks[s]} times`);
});

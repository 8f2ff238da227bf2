import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES } from '../../helpers/app-server.js';
import { startDev, type DevProcess } from '../../helpers/dev-process.js';
import { testDatabase } from '../../helpers/postgres.js';

// Three `localhooks serve` processes on one database deliver one set of queues; one is killed mid-run.
const JOBS = 5000;
let procs: DevProcess[] = [];
let dir = '';

before(async () => {
  const url = await testDatabase();
  dir = await mkdtemp(join(tmpdir(), 'lh-cluster-q-'));
  procs = await Promise.all(
    [1, 2, 3].map((n) => startDev([join(FIXTURES, 'cluster-app'), '--store', url, '--data', join(dir, `data${n}`), '--build-dir', join(dir, `build${n}`)], {}, 'serve')),
  );
});

after(async () => {
  await Promise.all(procs.map((p) => p.stop()));
  await rm(dir, { recursive: true, force: true });
});

interface Delivery {
  n: number;
  pid: number;
  start: number;
  end: number;
}
const LEAD = /this process delivers the queues/;
const get = async <T>(p: DevProcess, path: string): Promise<T> => (await (await fetch(p.url + path)).json()) as T;

/** Most deliveries running at one instant (an end and a start at the same millisecond do not overlap). */
function maxOverlap(ds: Delivery[]): number {
  const edges = ds.flatMap((d) => [[d.start, 1], [d.end, -1]] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  for (const [, step] of edges) max = Math.max(max, (now += step));
  return max;
}

test('cluster queues: Q-07 5,000 jobs with workers: 2 enqueued through three processes, the leader killed -9 mid-run: every job completes, never more than 2 at once', async () => {
  const leader = procs.find((p) => LEAD.test(p.output()));
  assert.ok(leader, 'one process took the queue lead');
  assert.equal(procs.filter((p) => LEAD.test(p.output())).length, 1);
  const chunk = 500;
  await Promise.all(
    Array.from({ length: JOBS / chunk }, async (_, i) => {
      const r = await fetch(procs[i % 3]!.url + '/enqueue', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: i * chunk, n: chunk }) });
      assert.equal(r.status, 200);
    }),
  );
  const others = procs.filter((p) => p !== leader);
  // Kill the leader once a fifth of the jobs ran (polling the count through another process).
  for (let i = 0; i < 1200 && (await get<{ count: number }>(others[0]!, '/deliveries/count')).count < JOBS / 5; i++) await new Promise((r) => setTimeout(r, 50));
  const killedPid = leader.child.pid!;
  leader.child.kill('SIGKILL');
  await leader.exited;
  let count = 0;
  for (let i = 0; i < 2400 && count < JOBS; i++) {
    await new Promise((r) => setTimeout(r, 50));
    count = (await get<{ count: number }>(others[i % 2]!, '/deliveries/count')).count;
  }
  const all = await get<Delivery[]>(others[0]!, '/deliveries');
  const byJob = new Map<number, Delivery[]>();
  for (const d of all) byJob.set(d.n, [...(byJob.get(d.n) ?? []), d]);
  const missing = Array.from({ length: JOBS }, (_, n) => n).filter((n) => !byJob.has(n));
  assert.deepEqual(missing, [], 'every job completed');
  // Delivered twice only when the killed process had it in flight (its done state never reached the store).
  const dups = [...byJob.values()].filter((ds) => ds.length > 1);
  for (const ds of dups) assert.ok(ds.length === 2 && ds.some((d) => d.pid === killedPid), `job ${ds[0]!.n} ran ${ds.length} times: ${JSON.stringify(ds)}`);
  assert.ok(maxOverlap(all) <= 2, `at most 2 jobs at once across the cluster, saw ${maxOverlap(all)}`);
  assert.ok(others.some((p) => LEAD.test(p.output())), 'another process took the lead');
  assert.ok(all.some((d) => d.pid === killedPid) && all.some((d) => d.pid !== killedPid), 'both leaders delivered');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../../runtime/clock.js';
import { createMemoryLogger } from '../../../runtime/logger.js';
import { isLocalhooksError } from '../../../runtime/errors.js';
import { createCronService, nextRun, parseCron } from '../../../runtime/cron/index.js';
import { createCluster, type Cluster } from '../../../runtime/cluster/index.js';
import { deferred, waitFor } from '../../helpers/queue-harness.js';
import { freshPostgres } from '../../helpers/datastore-backends.js';
import { openStore } from '../../../runtime/storage/index.js';

const T0 = Date.UTC(2026, 0, 1); // a Thursday, 00:00:00 UTC
const iso = (ms: number): string => new Date(ms).toISOString();

function setup() {
  const clock = new FakeClock(T0);
  const logger = createMemoryLogger();
  const cron = createCronService({ clock, logger });
  const runs: { id: string; at: string }[] = [];
  const run = async (id: string): Promise<void> => void runs.push({ id, at: iso(clock.now()) });
  return { clock, logger, cron, runs, run };
}

/**
 * The scheduling semantics on PostgreSQL: services claim each run in the shared database (runtime/cluster), so a
 * run starts after a round trip; the test waits for it before moving the clock on. Memory runs the same steps.
 * Only these run on both; parsing, overlap and trigger do not touch a store.
 */
function cronBackendsTest(name: string, body: (services: number, open: () => Promise<ReturnType<typeof setup> & { claims: () => number }>) => Promise<void>): void {
  test(name, async (t) => {
    for (const backend of ['memory', 'postgres'] as const) {
      await t.test(backend, async () => {
        const closers: (() => Promise<void>)[] = [];
        const clock = new FakeClock(T0);
        const runs: { id: string; at: string }[] = [];
        let claims = 0;
        const url = backend === 'postgres' ? (await freshPostgres()).url : null;
        const open = async () => {
          const logger = createMemoryLogger();
          let claim: ((key: string) => Promise<boolean>) | undefined;
          if (url) {
            const store = await openStore({ backend: 'postgres', url });
            const cluster = (await createCluster(store, logger)) as Cluster;
            claim = async (key) => {
              const won = await cluster.claim(key);
              claims++;
              return won;
            };
            closers.push(async () => {
              await cluster.close();
              await store.close();
            });
          }
          const cron = createCronService({ clock, logger, claim });
          closers.push(async () => cron.stop());
          const run = async (id: string): Promise<void> => void runs.push({ id, at: iso(clock.now()) });
          return { clock, logger, cron, runs, run, claims: () => claims };
        };
        try {
          await body(backend === 'postgres' ? 2 : 1, open);
        } finally {
          for (const close of closers.reverse()) await close();
        }
      });
    }
  });
}

function next(expr: string, from: string): string | null {
  const parsed = parseCron(expr);
  assert.ok(parsed.ok, `${expr} should parse`);
  const ms = nextRun(parsed.spec, Date.parse(from));
  return ms === null ? null : iso(ms);
}

test('JOB-02 cron: a 5-field job runs at the right FakeClock times', async () => {
  const { clock, cron, runs, run } = setup();
  cron.schedule([{ id: 'five', expr: '*/5 * * * *' }], run);
  assert.equal(cron.list()[0]!.nextRun, '2026-01-01T00:05:00.000Z');
  await clock.advance(5 * 60_000 - 1);
  assert.equal(runs.length, 0);
  await clock.advance(1);
  await clock.advance(10 * 60_000);
  assert.deepEqual(runs.map((r) => r.at), ['2026-01-01T00:05:00.000Z', '2026-01-01T00:10:00.000Z', '2026-01-01T00:15:00.000Z']);
  const [row] = cron.list();
  assert.equal(row!.runs, 3);
  assert.equal(row!.lastRun, '2026-01-01T00:15:00.000Z');
  assert.equal(row!.nextRun, '2026-01-01T00:20:00.000Z');
  cron.stop();
});

cronBackendsTest('JOB-02 cron: an every-second job runs once per tick over 10 ticks (on PostgreSQL: two services claiming each tick)', async (services, open) => {
  const all = await Promise.all(Array.from({ length: services }, open));
  const { clock, runs, run } = all[0]!;
  for (const s of all) s.cron.schedule([{ id: 'tick', expr: '* * * * * *' }], run);
  for (let tick = 1; tick <= 10; tick++) {
    await clock.advance(1_000);
    await waitFor(() => runs.length === tick, `tick ${tick}`);
  }
  if (services > 1) await waitFor(() => all[0]!.claims() === 10 * services, 'every service claimed every tick');
  assert.deepEqual(runs.map((r) => r.at), Array.from({ length: 10 }, (_, i) => iso(T0 + (i + 1) * 1_000)));
  assert.equal(all.reduce((n, s) => n + s.cron.list()[0]!.runs, 0), 10, 'each tick ran in one service only');
});

test('JOB-02 cron: a 6-field expression has a leading seconds field', async () => {
  const { clock, cron, runs, run } = setup();
  cron.schedule([{ id: 's', expr: '*/10 * * * * *' }], run);
  await clock.advance(30_000);
  assert.deepEqual(runs.map((r) => r.at), ['2026-01-01T00:00:10.000Z', '2026-01-01T00:00:20.000Z', '2026-01-01T00:00:30.000Z']);
  cron.stop();
});

test('JOB-02/AMB 29 nextRun: weekdays, names, 7 = Sunday, day 31, month lengths and leap days, a seconds field (UTC)', () => {
  assert.equal(next('5 0 * * *', '2026-01-01T00:00:00Z'), '2026-01-01T00:05:00.000Z');
  assert.equal(next('15 14 1 * *', '2026-01-01T15:00:00Z'), '2026-02-01T14:15:00.000Z');
  assert.equal(next('0 22 * * 1-5', '2026-01-02T22:00:00Z'), '2026-01-05T22:00:00.000Z');
  assert.equal(next('0 9 * * MON-FRI', '2026-01-03T00:00:00Z'), '2026-01-05T09:00:00.000Z');
  assert.equal(next('0 0 * * 7', '2026-01-01T00:00:00Z'), '2026-01-04T00:00:00.000Z');
  assert.equal(next('0 0 * * 0', '2026-01-01T00:00:00Z'), '2026-01-04T00:00:00.000Z');
  assert.equal(next('0 0 31 * *', '2026-01-31T00:00:00Z'), '2026-03-31T00:00:00.000Z');
  assert.equal(next('0 0 29 2 *', '2026-01-01T00:00:00Z'), '2028-02-29T00:00:00.000Z');
  assert.equal(next('30 * * * * *', '2026-01-01T00:00:29.500Z'), '2026-01-01T00:00:30.000Z');
  assert.equal(next('0 12 1 jan *', '2026-06-01T00:00:00Z'), '2027-01-01T12:00:00.000Z');
});

test('JOB-02 parseCron: wrong field counts, out-of-range values and unsupported tokens are rejected with a reason', () => {
  for (const [expr, reason] of [
    ['* * * *', /5 or 6 fields/],
    ['61 * * * *', /61 .*minute/],
    ['0 0 L * *', /not supported/],
    ['', /non-empty/],
  ] as const) {
    const parsed = parseCron(expr);
    assert.equal(parsed.ok, false, expr);
    if (!parsed.ok) assert.match(parsed.reason, reason);
  }
});

test('JOB-02 invalid expression: logged with expression and reason while the other jobs run', async () => {
  const { clock, logger, cron, runs, run } = setup();
  cron.schedule(
    [
      { id: 'bad', expr: '61 * * * *' },
      { id: 'good', expr: '* * * * *' },
    ],
    run,
  );
  assert.match(logger.text(), /error cron job #1: invalid expression '61 \* \* \* \*': 61 is a invalid expression for minute/);
  await clock.advance(120_000);
  assert.deepEqual(runs.map((r) => r.id), ['good', 'good']);
  const [bad, good] = cron.list();
  assert.match(bad!.invalid ?? '', /minute/);
  assert.equal(bad!.nextRun, null);
  assert.equal(good!.invalid, null);
  cron.stop();
});

test('JOB-04 stop(): no run after stop; schedule() replaces the previous schedule (reload)', async () => {
  const { clock, cron, runs, run } = setup();
  cron.schedule([{ id: 'old', expr: '* * * * *' }], run);
  await clock.advance(60_000);
  cron.schedule([{ id: 'new', expr: '*/2 * * * *' }], run);
  await clock.advance(120_000);
  cron.stop();
  await clock.advance(600_000);
  assert.deepEqual(runs.map((r) => `${r.id}@${r.at.slice(11, 16)}`), ['old@00:01', 'new@00:02']);
  assert.deepEqual(cron.list(), []);
  assert.equal(clock.pendingTimers(), 0);
});

test('JOB-08 overlap: a slow job is not started twice; the skipped runs are logged', async () => {
  const { clock, logger, cron } = setup();
  const gate = deferred();
  let started = 0;
  cron.schedule([{ id: 'slow', expr: '* * * * * *' }], async () => {
    started++;
    await gate.promise;
  });
  await clock.advance(3_000);
  assert.equal(started, 1);
  assert.equal(cron.list()[0]!.running, true);
  assert.equal(cron.list()[0]!.skipped, 2);
  assert.match(logger.text(), /warn cron job #1 '\* \* \* \* \* \*' is still running; skipped the run due at 2026-01-01T00:00:02.000Z/);
  const manual = await cron.trigger(1);
  assert.equal(manual.status, 'skipped');
  gate.resolve();
  await clock.advance(0); // let the finished run settle before the next tick
  await clock.advance(1_000);
  assert.equal(started, 2);
  cron.stop();
});

test('trigger: runs a job now by index, id or expression; failures are recorded; unknown refs are typed errors', async () => {
  const { clock, logger, cron } = setup();
  const calls: string[] = [];
  cron.schedule(
    [
      { id: 'nightly', expr: '0 3 * * *' },
      { id: 'broken', expr: '0 4 * * *' },
    ],
    async (id) => {
      calls.push(id);
      if (id === 'broken') throw new Error('db down');
    },
  );
  assert.deepEqual(await cron.trigger(1), { index: 1, expr: '0 3 * * *', status: 'ok', durationMs: 0 });
  assert.equal((await cron.trigger('0 3 * * *')).status, 'ok');
  assert.equal((await cron.trigger('nightly')).status, 'ok');
  const failed = await cron.trigger('2');
  assert.equal(failed.status, 'failed');
  assert.equal(failed.status === 'failed' && failed.error.message, 'db down');
  assert.equal(cron.list()[1]!.lastError?.message, 'db down');
  assert.match(logger.text(), /error cron job #2 '0 4 \* \* \*' failed: db down/);
  assert.deepEqual(calls, ['nightly', 'nightly', 'nightly', 'broken']);
  await assert.rejects(cron.trigger(9), (e) => isLocalhooksError(e) && e.code === 'LH_CRON_UNKNOWN_JOB' && e.status === 404);
  assert.equal(clock.now(), T0, 'manual runs do not move time');
  cron.stop();
});

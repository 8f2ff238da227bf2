// The test kit's acceptance scenarios, written once with node:assert and run under node:test
// (test/integration/testkit/scenarios.test.ts), vitest and jest (test/runners/, driven by runners.test.ts).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startTestServer, type TestServer, type TestServerOptions } from '../../runtime/testing.js';
import { FIXTURES } from './app-server.js';

export interface Scenario {
  name: string;
  run(): Promise<void>;
}

const HOUR = 3_600_000;

async function withServer(fixture: string, options: Partial<TestServerOptions>, body: (s: TestServer) => Promise<void>): Promise<void> {
  const server = await startTestServer({ appDir: join(FIXTURES, fixture), ...options });
  try {
    await body(server);
  } catch (err) {
    // The server's log says why the app answered as it did.
    console.error(`--- server log ---\n${server.logs}`);
    throw err;
  } finally {
    await server.stop();
  }
}

const post = (server: TestServer, path: string, body: unknown) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
// JSON.parse here, not res.json(): under jest the objects must be of the test file's realm for deepStrictEqual.
const getJson = async <T>(server: TestServer, path: string): Promise<T> => JSON.parse(await (await fetch(`${server.url}${path}`)).text()) as T;
const all = <T>(server: TestServer, coll: string) => server.db.getMany(coll, {}, { sort: { _id: 1 } }).toArray() as Promise<T[]>;

export const SCENARIOS: Scenario[] = [
  {
    name: 'KV-08 test kit: a key-value entry with a 1 h TTL is gone after clock.advance(61m)',
    run: () =>
      withServer('testkit-app', {}, async (server) => {
        assert.equal((await post(server, '/kv', { key: 'session', value: 'abc', ttl: HOUR })).status, 200);
        assert.equal(await server.db.get('session'), 'abc');
        await server.clock.advance('59m');
        assert.deepEqual(await getJson(server, '/kv/session'), { value: 'abc' });
        await server.clock.advance('2m');
        assert.deepEqual(await getJson(server, '/kv/session'), { value: null });
        assert.equal(await server.db.get('session'), null);
      }),
  },
  {
    name: "JOB-02 test kit: a '0 9 * * *' job runs exactly twice on clock.advance(48h), at 09:00 of the app's own clock",
    run: () =>
      withServer('testkit-app', { startTime: '2026-03-02T10:00:00.000Z' }, async (server) => {
        await server.clock.advance('48h');
        const runs = await all<{ at: string }>(server, 'morning');
        assert.deepEqual(runs.map((r) => r.at), ['2026-03-03T09:00:00.000Z', '2026-03-04T09:00:00.000Z']);
        assert.equal(server.clock.now().toISOString(), '2026-03-04T10:00:00.000Z');
      }),
  },
  {
    name: 'JOB-05 test kit: schedule.runAt 24 h ahead fires on clock.advance and not before',
    run: () =>
      withServer('testkit-app', {}, async (server) => {
        const res = await post(server, '/remind', { message: 'renew the certificate', inHours: 24 });
        assert.equal(res.status, 202);
        const { due } = JSON.parse(await res.text()) as { due: string };
        assert.equal(Date.parse(due), server.clock.now().getTime() + 24 * HOUR);
        await server.clock.advance('23h59m');
        assert.deepEqual(await all(server, 'reminders'), []);
        assert.equal(server.queues.status().find((t) => t.topic === 'remind')?.scheduled, 1);
        await server.clock.advance('1m');
        const fired = await all<{ message: string; due: string; firedAt: string }>(server, 'reminders');
        assert.deepEqual(fired.map((r) => [r.message, r.firedAt]), [['renew the certificate', due]]);
      }),
  },
  {
    name: 'test kit: a drip campaign sends step 1 after advance(25h) and step 2 after advance(72h), exactly once each',
    run: () =>
      withServer('drip-app', { startTime: '2026-03-02T08:05:00.000Z' }, async (server) => {
        assert.equal((await post(server, '/subscribers', { name: 'Ann', email: 'ann@example.com' })).status, 201);
        const started = performance.now();
        await server.clock.advance('25h');
        const first = await all<{ step: number; sentAt: string }>(server, 'email_log');
        const afterDay = performance.now();
        await server.clock.advance('72h');
        const real = performance.now() - started;
        const log = await all<{ step: number; sentAt: string; subject: string }>(server, 'email_log');
        assert.deepEqual(first.map((e) => e.step), [1]);
        assert.deepEqual(log.map((e) => [e.step, e.sentAt, e.subject]), [
          [1, '2026-03-03T08:15:00.000Z', 'Welcome, Ann!'],
          [2, '2026-03-06T08:15:00.000Z', 'Tips to get started, Ann'],
        ]);
        const [subscriber] = await all<{ emailsSent: number[] }>(server, 'subscribers');
        assert.deepEqual(subscriber?.emailsSent, [1, 2]);
        assert.equal(server.logs.match(/\[DRY RUN\] would send/g)?.length, 2);
        console.log(`drip: 97 h of clock time (388 cron runs) took ${real.toFixed(0)} ms of real time (first 25 h: ${(afterDay - started).toFixed(0)} ms)`);
      }),
  },
  {
    name: 'WF-07 test kit: a workflow parked in wait() is resumed by a runAt item 24 h later',
    run: () =>
      withServer('testkit-app', {}, async (server) => {
        const start = server.clock.now().getTime();
        const res = await post(server, '/approvals', { requestedBy: 'ann' });
        const { _id: id } = JSON.parse(await res.text()) as { _id: string };
        const parked = await server.workflows.waitFor(id, { step: 'waitForApproval' });
        assert.equal(parked.status, 'waiting for approval');
        await server.clock.advance('23h');
        assert.equal((await server.workflows.get(id))?.nextStep, 'waitForApproval');
        await server.clock.advance('1h');
        const done = await server.workflows.waitFor(id, { done: true });
        assert.equal(done.status, 'approved');
        assert.equal(done.approvedAt, new Date(start + 24 * HOUR).toISOString());
        assert.deepEqual(Object.keys(done.stepCount ?? {}), ['start', 'waitForApproval', 'finish']);
      }),
  },
  {
    name: "test kit: a scripted LLM reply and an injected 429 drive the seed summarizer's retry path",
    run: () =>
      withServer('summarizer', { clock: 'system' }, async (server) => {
        server.llm.fail(429, { times: 1 });
        server.llm.reply('Summarize this', 'Scripted: AI tools help developers.');
        const res = await post(server, '/summaries', { text: 'Artificial intelligence is transforming software development.' });
        const { _id: id } = JSON.parse(await res.text()) as { _id: string };
        // The seed backs off 2 s (its own setTimeout, real time) after the 429, then calls again.
        const done = await server.workflows.waitFor(id, { done: true }, { timeoutMs: 20_000 });
        assert.equal(done.summary, 'Scripted: AI tools help developers.');
        const calls = server.llm.calls;
        assert.deepEqual(
          calls.map((c) => [c.route, c.status, c.fault?.status ?? null, c.scripted, c.answer]),
          [
            ['POST /chat/completions', 429, 429, false, null],
            ['POST /chat/completions', 200, null, true, 'Scripted: AI tools help developers.'],
          ],
        );
        assert.match(calls[0]!.prompt, /Summarize this:\s+Artificial intelligence/);
        assert.ok(calls.every((c) => typeof c.latencyMs === 'number'));
        const [stored] = await all<{ summary: string }>(server, 'summaries');
        assert.equal(stored?.summary, 'Scripted: AI tools help developers.');
      }),
  },
  {
    name: 'test kit: two servers of one app in parallel never see each other’s data',
    run: async () => {
      // Both start at 10:00, so a's 48 h cross 09:00 twice and b's hour never does, whatever the time of the run.
      const startTime = '2026-03-02T10:00:00.000Z';
      const [a, b] = await Promise.all([startTestServer({ appDir: join(FIXTURES, 'testkit-app'), startTime }), startTestServer({ appDir: join(FIXTURES, 'testkit-app'), startTime })]);
      try {
        await Promise.all([post(a, '/notes', { by: 'a' }), post(b, '/notes', { by: 'b' }), post(a, '/kv', { key: 'owner', value: 'a' }), b.db.set('owner', 'b')]);
        await Promise.all([a.clock.advance('48h'), b.clock.advance('1h')]);
        assert.deepEqual((await getJson<Array<{ by: string }>>(a, '/notes')).map((n) => n.by), ['a']);
        assert.deepEqual((await getJson<Array<{ by: string }>>(b, '/notes')).map((n) => n.by), ['b']);
        assert.deepEqual([await a.db.get('owner'), await b.db.get('owner')], ['a', 'b']);
        assert.equal((await all(a, 'morning')).length, 2);
        assert.equal((await all(b, 'morning')).length, 0);
      } finally {
        await Promise.all([a.stop(), b.stop()]);
      }
    },
  },
];

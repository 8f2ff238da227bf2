// The operations half of the admin API: queue items and dead letters, workflow instances, cron, the log stream,
// the clock and reset; bad input → 4xx naming the problem, nothing changed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../../../runtime/testing.js';
import { FIXTURES } from '../../helpers/app-server.js';
import { api } from '../../helpers/admin-api.js';
import { postJson } from '../../helpers/app-server.js';

let server: TestServer;
const call = <T = any>(method: string, path: string, body?: unknown) => api<T>(server.origin, method, path, body);

before(async () => {
  server = await startTestServer({ appDir: join(FIXTURES, 'data-app'), startTime: '2026-03-01T10:00:00Z' });
});
after(() => server.stop());

test('admin queues: items by state; dead letters with their error; retry and discard one or all', async () => {
  for (const n of [1, 2, 3]) await fetch(`${server.url}/work/fails`, postJson({ n }));
  await server.db.runAt('2026-03-02T00:00:00Z', { n: 9 }, 'ok');
  await server.queues.drain();
  const failed = await call('GET', '/queues/items?state=failed&topic=fails');
  assert.equal(failed.body.items.length, 3);
  assert.equal(failed.body.items[0].lastError.message, 'the mail server said no');
  assert.equal((await call('GET', '/queues/items?state=scheduled')).body.items[0].runAt, '2026-03-02T00:00:00.000Z');
  await server.clock.advance('10m');
  const dead = await call('GET', '/queues/dead?topic=fails');
  assert.equal(dead.body.deadLetters.length, 3);
  assert.match(dead.body.deadLetters[0].lastError.message, /mail server said no/);
  assert.equal((await call('GET', '/queues/items?state=dead')).body.items.length, 3);

  const one = dead.body.deadLetters[0]._id;
  assert.deepEqual((await call('POST', `/queues/dead/${one}/retry`)).body, { retried: 1 });
  await server.queues.drain();
  assert.equal((await call('GET', '/queues/items?state=failed')).body.items[0]._id, one, 'retried from attempt 1');
  const gone = await call('DELETE', `/queues/dead/${dead.body.deadLetters[1]._id}`);
  assert.deepEqual(gone.body, { discarded: 1 });
  assert.deepEqual((await call('DELETE', '/queues/dead?topic=fails')).body, { discarded: 1 });
  await server.clock.advance('10m');
  assert.deepEqual((await call('POST', '/queues/dead/retry?topic=fails')).body, { retried: 1 });
  await server.queues.drain();
  await server.clock.advance('10m');
  assert.deepEqual((await call('DELETE', '/queues/dead')).body, { discarded: 1 });

  const unknown = await call('POST', '/queues/dead/nope/retry');
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.code, 'LH_QUEUE_UNKNOWN_ITEM');
  assert.equal((await call('DELETE', '/queues/dead/nope')).status, 404);
  const badState = await call('GET', '/queues/items?state=stuck');
  assert.equal(badState.status, 400);
  assert.match(badState.body.error, /state must be one of waiting, scheduled, leased, failed, dead, done/);

  await server.clock.advance('1d');
  const done = await call('GET', '/queues/items?state=done&topic=ok');
  assert.equal(done.body.items.length, 1);
  assert.equal(done.body.items[0].state, 'done');
});

test('admin workflows: instances by workflow and state; one instance with its step history', async () => {
  const a = (await (await fetch(`${server.url}/greet`, postJson({ name: 'a' }))).json()) as { _id: string };
  const b = (await (await fetch(`${server.url}/greet`, postJson({ name: 'b' }))).json()) as { _id: string };
  await server.workflows.waitFor(a._id, { step: 'hold' });
  await server.workflows.waitFor(b._id, { step: 'hold' });
  await fetch(`${server.url}/greet/${b._id}/go`, { method: 'POST' });
  await server.workflows.waitFor(b._id, { done: true });
  await server.queues.drain();
  const waiting = await call('GET', '/workflows/instances?workflow=greet&state=waiting');
  assert.deepEqual(waiting.body.instances.map((i: { _id: string }) => i._id), [a._id]);
  assert.equal(waiting.body.instances[0].nextStep, 'hold');
  assert.deepEqual((await call('GET', '/workflows/instances?state=done')).body.instances.map((i: { _id: string }) => i._id), [b._id]);
  const detail = await call('GET', `/workflows/instances/${b._id}`);
  assert.equal(detail.body.state, 'done');
  assert.deepEqual(detail.body.steps.map((s: { step: string }) => s.step), ['start', 'hold', 'finish']);
  assert.ok(detail.body.steps.every((st: { visits: number; startTime: string | null }) => st.visits >= 1 && st.startTime));
  assert.equal(detail.body.instance.done, true);
  assert.equal((await call('GET', '/workflows/instances/nope')).status, 404);
  assert.equal((await call('GET', '/workflows/instances?state=sleeping')).body.code, 'LH_ADMIN_BAD_REQUEST');
});

test('admin cron: next runs and last result; run now; bad next → 400', async () => {
  const jobs = await call('GET', '/jobs?next=3');
  const daily = jobs.body.jobs[0];
  assert.equal(daily.expr, '0 3 * * *');
  assert.equal(daily.nextRuns.length, 3);
  assert.equal(Date.parse(daily.nextRuns[1]) - Date.parse(daily.nextRuns[0]), 86_400_000);
  const ran = await call('POST', '/jobs/1/run');
  assert.equal(ran.body.status, 'ok');
  assert.equal((await call('GET', '/jobs')).body.jobs[0].lastResult, 'ok');
  assert.equal((await call('GET', '/jobs?next=500')).status, 400);
});

test('admin logs: the last lines, and a live stream with a bounded backlog', async () => {
  const tail = await call('GET', '/logs?tail=5');
  assert.ok(tail.body.entries.length > 0 && tail.body.entries.length <= 5);
  assert.ok(tail.body.entries.every((e: { seq: number; level: string; text: string }) => e.seq > 0 && typeof e.text === 'string'));
  assert.equal((await call('GET', '/logs?tail=5000')).status, 400);
  const ac = new AbortController();
  const res = await fetch(`${server.origin}/.localhooks/api/logs/stream?tail=2`, { signal: ac.signal });
  assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
  const reader = res.body!.getReader();
  let text = '';
  const until = async (re: RegExp) => {
    while (!re.test(text)) text += new TextDecoder().decode((await reader.read()).value);
  };
  await until(/event: ready/);
  assert.equal(text.match(/event: log/g)?.length, 2, 'the backlog asked for');
  await fetch(`${server.url}/work/fails`, postJson({ n: 'stream' }));
  await until(/failed attempt 1\/3: the mail server said no/);
  ac.abort();
});

test('admin clock: status with what is due; advance, set and reset; bad values → 400', async () => {
  await server.db.set('soon', 'x', { ttl: 90_000 });
  const status = await call('GET', '/clock');
  assert.equal(status.body.mode, 'manual');
  assert.equal(status.body.movable, true);
  assert.ok(status.body.due.some((d: { kind: string; what: string }) => d.kind === 'ttl' && /soon/.test(d.what)));
  assert.ok(status.body.due.some((d: { kind: string; what: string }) => d.kind === 'cron' && /0 3 \* \* \*/.test(d.what)));
  const moved = await call('POST', '/clock/advance', { by: '2m' });
  assert.equal(Date.parse(moved.body.to) - Date.parse(moved.body.from), 120_000);
  assert.deepEqual(moved.body.ran.filter((r: { kind: string }) => r.kind === 'ttl').map((r: { what: string; outcome: string }) => [r.what, r.outcome]), [['key soon', 'expired']]);
  const before = server.clock.now().getTime();
  const bad = await call('POST', '/clock/advance', { by: '2 hours' });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.code, 'LH_TIME_BAD_VALUE');
  assert.match(bad.body.error, /cannot read '2 hours'.*'25h'/);
  assert.equal((await call('POST', '/clock/set', { to: 'yesterday' })).body.code, 'LH_TIME_BAD_VALUE');
  assert.equal(server.clock.now().getTime(), before, 'the clock did not move');
  const back = await call('POST', '/clock/set', { to: '2026-01-01T00:00:00Z' });
  assert.equal(back.body.to, '2026-01-01T00:00:00.000Z');
  assert.deepEqual(back.body.ran, [], 'going back runs nothing');
  const reset = await call('POST', '/clock/reset');
  assert.ok(Math.abs(Date.parse(reset.body.to) - Date.now()) < 60_000);
});

test('admin reset: every collection, key and queue item goes; the server keeps serving', async () => {
  await server.db.insertOne('temp', { a: 1 });
  assert.deepEqual((await call('POST', '/reset')).body, { reset: true });
  assert.deepEqual((await call('GET', '/collections')).body.collections, []);
  assert.deepEqual((await call('GET', '/kv/keyspaces')).body.keyspaces, []);
  assert.deepEqual((await call('GET', '/queues')).body.topics.filter((t: { waiting: number; dead: number }) => t.waiting || t.dead), []);
  const res = await fetch(`${server.url}/notes`, postJson({ text: 'after reset' }));
  assert.equal(res.status, 201);
  assert.equal((await server.db.count('notes')).count, 1);
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../../runtime/clock.js';
import { postJson, startFixture, waitFor, type TestApp } from '../../helpers/app-server.js';

let app: TestApp;
const clock = new FakeClock(Date.UTC(2026, 0, 1, 12, 0, 30));
before(async () => {
  app = await startFixture('handlers-app', { clock });
});
after(async () => {
  // A failed Q-11 run leaves serial calls held: let them finish so the app can close.
  await app?.fetch('/serial/release', { method: 'POST' }).catch(() => undefined);
  await app?.close();
});

type Contexts = Record<string, string | undefined>;
const contexts = async () => (await app.json<Contexts>('/contexts')).body;

test('Q-02 app.queue (legacy): its hooks process the topic’s items', async () => {
  for (const n of [1, 2, 3]) assert.equal((await app.json('/enqueue/legacy', postJson({ n }))).status, 200);
  await waitFor(async () => (await contexts())['legacy-3'], { what: 'the legacy hook to take the third item' });
  const c = await contexts();
  assert.deepEqual([c['legacy-1'], c['legacy-2'], c['legacy-3']], ['from-dotenv', 'from-dotenv', 'from-dotenv']);
});

test('JOB-07 schedule.cron registers a job like app.job: it runs when the clock reaches its time', async () => {
  assert.equal((await contexts()).job, undefined);
  await clock.advance(30_000);
  await waitFor(async () => (await contexts()).job, { what: 'the schedule.cron job to run' });
});

test('ENV-05 .env variables are in every context: module top level, startup, middleware, route, worker, job, workflow step', async () => {
  await app.json('/enqueue/probe', postJson({}));
  await app.json('/workflow', { method: 'POST' });
  await clock.advance(60_000);
  await waitFor(async () => {
    const c = await contexts();
    return c.worker && c.step && c.job;
  }, { what: 'the worker, the job and the workflow step' });
  const c = await contexts();
  for (const where of ['atLoad', 'atStartup', 'middleware', 'route', 'worker', 'job', 'step']) assert.equal(c[where], 'from-dotenv', where);
});

test('Q-11/AMB 4 a worker registered without options takes one item at a time, with a 30 s timeout', async () => {
  const topic = app.lh.broker.status().find((t) => t.topic === 'serial')!;
  assert.deepEqual([topic.workers, topic.timeout], [1, 30_000]);
  type Serial = { done: number; running: number; maxRunning: number };
  const serial = async () => (await app.json<Serial>('/serial')).body;
  const N = 4;
  for (let n = 0; n < N; n++) await app.json('/enqueue/serial', postJson({ n }));
  await waitFor(async () => (await serial()).running === 1, { what: 'the first serial call to start' });
  // Another topic's item completing shows the broker kept leasing meanwhile; it still started no second call.
  await app.json('/enqueue/marker', postJson({}));
  await waitFor(async () => (await contexts()).marker, { what: 'an item of another topic' });
  assert.deepEqual(await serial(), { done: 0, running: 1, maxRunning: 1 });
  await app.json('/serial/release', { method: 'POST' });
  await waitFor(async () => (await serial()).done === N, { what: `${N} serial items` });
  assert.equal((await serial()).maxRunning, 1);
});

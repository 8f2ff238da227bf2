import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../../runtime/clock.js';
import { createMemoryLogger } from '../../../runtime/logger.js';
import { postJson, startFixture, waitFor, type TestApp } from '../../helpers/app-server.js';

type Doc = Record<string, any>;
let app: TestApp;
const clock = new FakeClock(Date.UTC(2026, 0, 1, 12, 0, 0, 500));
before(async () => {
  app = await startFixture('manifest-app', { clock });
});
after(() => app?.close());

const get = async (path: string) => (await app.json<Doc>(path)).body;

test('CONTRACT-01/CONTRACT-04/CONTRACT-06 globals and packages: DB exists at import (the SDK exports it), Datastore too; ajv, lodash, mime, node-fetch resolve', async () => {
  const g = await get('/globals');
  assert.equal(g.dbIsExported, true);
  assert.equal(g.globalDatastore, true);
  assert.deepEqual(g.packages, { lodash: 'function', mime: 'text/css', fetch: 'function', ajv: 'function' });
});

test('CONTRACT-05 app.setDatastore(conn) after load: app.datastore opens itself and takes data calls (AMB 36)', async () => {
  const g = await get('/globals');
  assert.equal(g.appDatastoreOpensItself, true);
  assert.equal(g.appDatastoreIsConn, true);
  assert.equal(((await app.json<Doc>('/via-app-datastore', { method: 'POST' })).body).n, 2);
});

test('CONTRACT-08…13/CONTRACT-15 the manifest app.init() returns: its keys and the shape of each table', async () => {
  const m = await get('/manifest');
  assert.deepEqual(m.keys, ['app', 'authhooks', 'globalhooks', 'jobhooks', 'queuehooks', 'realtime', 'routehooks', 'settings', 'startup', 'workerhooks']);
  assert.ok(m.routehooks.includes('GET /globals'));
  assert.ok(m.routehooks.includes('GET /chan/:clientID'), 'the realtime listener route');
  assert.equal(m.routeValues, 'array');
  assert.deepEqual(m.authhooks, ['/open', JSON.stringify({ $regex: '/^\\/rx/' })]);
  assert.deepEqual(m.globalhooks, [
    'fn',
    { path: '/mw', func: 'function' },
    { regex: JSON.stringify({ $regex: '/^\\/rx/' }), func: 'function' },
    { path: '/no-func', func: 'undefined' },
    { path: '/chan', func: 'undefined' },
  ]);
  assert.deepEqual(m.workerhooks, { unbound: ['function'] });
  assert.deepEqual(m.queuehooks, ['unbound']);
  assert.deepEqual(m.jobhooks, { '* * * * * *': ['function'] });
  assert.deepEqual(m.settings, { views: '/views', 'queue_worker:unbound': { workers: 2, timeout: 5000 } });
  assert.equal(m.realtimeKind, 'function');
  assert.deepEqual(m.realtime, ['/chan']);
  assert.equal(m.appIsSingleton, true);
  assert.equal(m.startup, 'function');
});

test('CONTRACT-32 the SDK exports the runtime relies on', async () => {
  const names = (await app.json<string[]>('/exports')).body;
  for (const n of ['aggregation', 'app', 'body', 'coho', 'crudlify', 'datastore', 'Datastore', 'default', 'filestore', 'header', 'openapi', 'param', 'query', 'realtime', 'response', 'schedule', 'Workflow']) {
    assert.ok(names.includes(n), n);
  }
});

test('CONTRACT-17/CONTRACT-28 worker call: req.body.payload, res.end() unbound, run in the module instance that defined it', async () => {
  await app.json('/enqueue', postJson({ n: 1 }));
  await waitFor(async () => (await get('/worker-calls')).workerCalls === 1, { what: 'the worker call' });
  await waitFor(async () => (await get('/kv/worker:1')).value === 'done', { what: 'the payload’s effect' });
  assert.equal((await get('/worker-calls')).workerCalls, 1, 'ended once, not retried');
});

test('AMB 27/AMB 34 enqueue resolves the queue record and ignores its options; settings[queue_worker:<topic>] sets the worker', async () => {
  const r = await app.json<Doc>('/enqueue', postJson({ n: 9 }));
  assert.deepEqual(Object.keys(r.body).sort(), ['_id', 'enqueuedAt', 'state', 'topic']);
  assert.equal(r.body.topic, 'unbound');
  const topic = app.lh.broker.status().find((t) => t.topic === 'unbound')!;
  assert.deepEqual([topic.workers, topic.timeout], [2, 5000], 'from app.worker options, not from the enqueue call');
  await waitFor(async () => (await get('/kv/worker:9')).value === 'done', { what: 'the item' });
});

test('CONTRACT-19 schedule.runAt → conn.runAt: the worker runs once the clock reaches the time', async () => {
  const before = (await get('/worker-calls')).workerCalls;
  assert.equal((await app.json('/run-at', postJson({ inMs: 60_000, payload: { n: 2 } }))).status, 200);
  await clock.advance(59_000);
  assert.equal((await get('/worker-calls')).workerCalls, before);
  await clock.advance(2_000);
  await waitFor(async () => (await get('/worker-calls')).workerCalls === before + 1, { what: 'the runAt item' });
});

test('CONTRACT-18 job call: a rejection is caught and logged, the job runs again at its next time', async () => {
  const runs = async () => (await get('/job-runs')).jobRuns as number;
  const start = await runs();
  await clock.advance(1_000);
  await waitFor(async () => (await runs()) > start, { what: 'a job run' });
  await clock.advance(1_000);
  await waitFor(async () => (await runs()) > start + 1, { what: 'the next job run' });
  await waitFor(() => app.logs.text().includes('first job run fails'), { what: 'the rejection in the log' });
  assert.equal((await app.json('/globals')).status, 200);
});

test('LOCAL-09/CONTRACT-34 console output from load, startup, routes, workers and jobs reaches the log; console.debug only at debug level', async () => {
  await waitFor(() => /log-marker from job run/.test(app.logs.text()), { what: 'a job line' });
  await app.json('/globals');
  await waitFor(() => app.logs.text().includes('log-marker from a route'), { what: 'the route line' });
  for (const line of ['log-marker from module load', 'log-marker from the startup hook', 'debug-marker from a worker']) assert.ok(app.logs.text().includes(line), line);
  const info = createMemoryLogger('info');
  const quiet = await startFixture('manifest-app', { logger: info });
  try {
    await quiet.json('/enqueue', postJson({ n: 3 }));
    await waitFor(async () => (await quiet.json<Doc>('/worker-calls')).body.workerCalls === 1, { what: 'the worker call' });
    assert.ok(info.text().includes('log-marker from module load'));
    assert.ok(!info.text().includes('debug-marker'), 'console.debug is hidden below debug level');
  } finally {
    await quiet.close();
  }
});

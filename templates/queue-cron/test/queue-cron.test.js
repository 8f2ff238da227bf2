// Runs the app with localhooks/testing (a free port, an in-memory store, a manual clock) and checks the worker,
// the cron job and runAt: time moves only when the test moves it, so nothing here sleeps.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startTestServer } from 'localhooks/testing';

const APP_DIR = fileURLToPath(new URL('..', import.meta.url));

let server;
before(async () => {
  server = await startTestServer({ appDir: APP_DIR, startTime: '2026-06-01T10:30:00Z' });
});
after(() => server?.stop());

const post = (path, body) => fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const getJson = async (path) => (await fetch(`${server.url}${path}`)).json();

test('POST /emails queues a job; the send-email worker stores it in the outbox', async () => {
  const res = await post('/emails', { to: 'ann@example.com', subject: 'Welcome' });
  assert.equal(res.status, 202);
  await server.queues.drain(); // every queued item handled
  const sent = (await getJson('/emails/sent')).find((m) => m.to === 'ann@example.com');
  assert.equal(sent.subject, 'Welcome');
  assert.equal((await post('/emails', { subject: 'no recipient' })).status, 400);
});

test('the hourly cron job writes a digest on the hour', async () => {
  assert.deepEqual(await getJson('/digests'), []);
  await server.clock.advance('30m'); // 10:30 → 11:00: the job runs once
  const [digest] = await getJson('/digests');
  assert.equal(digest.at, '2026-06-01T11:00:00.000Z');
  assert.deepEqual(digest.recipients, ['ann@example.com']);
});

test('POST /reminders schedules the reminder worker with schedule.runAt', async () => {
  const res = await post('/reminders', { message: 'stand up', inSeconds: 60 });
  assert.equal(res.status, 202);
  const { due } = await res.json();
  await server.clock.advance('59s');
  assert.deepEqual(await server.db.getMany('reminders', {}).toArray(), []);
  await server.clock.advance('1s');
  const [fired] = await getJson('/reminders');
  assert.deepEqual([fired.message, fired.due, fired.firedAt], ['stand up', due, due]);
});

// Runs the app with localhooks (localhooks/testing: a free port, a throwaway data folder) and checks the worker, the cron job and runAt.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startTestServer, waitFor } from 'localhooks/testing';

const APP_DIR = fileURLToPath(new URL('..', import.meta.url));

let server;
before(async () => {
  server = await startTestServer({ appDir: APP_DIR });
});
after(() => server?.stop());

const post = (path, body) => fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const getJson = async (path) => (await fetch(`${server.url}${path}`)).json();

test('POST /emails queues a job; the send-email worker stores it in the outbox', async () => {
  const res = await post('/emails', { to: 'ann@example.com', subject: 'Welcome' });
  assert.equal(res.status, 202);
  const sent = await waitFor(async () => (await getJson('/emails/sent')).find((m) => m.to === 'ann@example.com'), 'the worker');
  assert.equal(sent.subject, 'Welcome');
  assert.equal((await post('/emails', { subject: 'no recipient' })).status, 400);
});

test('the hourly cron job writes a digest when run by hand', async () => {
  await waitFor(async () => (await getJson('/emails/sent')).length >= 1, 'an email in the outbox');
  // localhooks' admin API (also: npx localhooks jobs run 1); the header marks a tool, not a web page
  const run = await fetch(`${server.origin}/.localhooks/api/jobs/1/run`, { method: 'POST', headers: { 'x-localhooks-client': 'test' } });
  assert.equal(run.status, 200);
  const digest = await waitFor(async () => (await getJson('/digests'))[0], 'a digest');
  assert.ok(digest.sent >= 1);
  assert.ok(digest.recipients.includes('ann@example.com'));
});

test('POST /reminders schedules the reminder worker with schedule.runAt', async () => {
  const res = await post('/reminders', { message: 'stand up', inSeconds: 1 });
  assert.equal(res.status, 202);
  const { due } = await res.json();
  const fired = await waitFor(async () => (await getJson('/reminders')).find((r) => r.message === 'stand up'), 'the reminder', 10_000);
  assert.equal(fired.due, due);
  assert.ok(Date.parse(fired.firedAt) >= Date.parse(due), `fired at ${fired.firedAt}, due ${due}`);
});

// Runs the app with localhooks/testing (a free port, an in-memory store) and sends it signed and unsigned GitHub deliveries.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { startTestServer } from 'localhooks/testing';

const TEST_SECRET = 'test-webhook-secret';
const APP_DIR = fileURLToPath(new URL('..', import.meta.url));

const sign = (body, secret) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

let server;
let secret;
before(async () => {
  secret = TEST_SECRET; // the test's env wins over the app's .env
  server = await startTestServer({ appDir: APP_DIR, env: { GITHUB_WEBHOOK_SECRET: TEST_SECRET } });
});
after(() => server?.stop());

const ISSUE = { action: 'opened', issue: { number: 42, title: 'App crashes on start', body: 'Error 500 on launch.' }, repository: { full_name: 'me/app' }, sender: { login: 'octocat' } };

function deliver(payload, { event = 'issues', delivery = randomUUID(), signature } = {}) {
  // Sent as GitHub sends it: the signature covers these exact bytes (note the spacing).
  const body = JSON.stringify(payload, null, 2);
  return fetch(`${server.url}/webhooks/github`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': delivery,
      ...(signature === null ? {} : { 'x-hub-signature-256': signature ?? sign(body, secret) }),
    },
    body,
  });
}

test('a correctly signed issue event is accepted, stored and processed by the queue worker', async () => {
  const res = await deliver(ISSUE);
  assert.equal(res.status, 200);
  const { ok, id } = await res.json();
  assert.equal(ok, true);
  await server.queues.drain(); // the queue worker has processed it
  const event = (await (await fetch(`${server.url}/events`)).json()).find((e) => e._id === id);
  assert.ok(event.processedAt);
  assert.equal(event.repository, 'me/app');
  assert.equal(event.summary, 'issue #42 "App crashes on start" → bug');
});

test('a wrong, malformed or missing signature is a 401', async () => {
  assert.equal((await deliver(ISSUE, { signature: sign('{}', secret) })).status, 401);
  assert.equal((await deliver(ISSUE, { signature: sign(JSON.stringify(ISSUE, null, 2), `${secret}-wrong`) })).status, 401);
  assert.equal((await deliver(ISSUE, { signature: 'sha256=abc' })).status, 401);
  assert.equal((await deliver(ISSUE, { signature: null })).status, 401);
});

test('a redelivery with the same x-github-delivery id is acknowledged once', async () => {
  const delivery = randomUUID();
  assert.equal((await (await deliver(ISSUE, { delivery })).json()).duplicate, undefined);
  assert.equal((await (await deliver(ISSUE, { delivery })).json()).duplicate, true);
});

test('ping events are answered', async () => {
  const res = await deliver({ zen: 'Keep it logically awesome.', hook_id: 1 }, { event: 'ping' });
  assert.deepEqual(await res.json(), { ok: true, zen: 'Keep it logically awesome.' });
});

// Runs the app with localhooks/testing (offline OpenAI, a free port, an in-memory store) and drives it over HTTP.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { startTestServer } from 'localhooks/testing';

const APP_DIR = fileURLToPath(new URL('..', import.meta.url));
const TEST_SECRET = 'test-webhook-secret';

const sign = (body, secret) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

let server;
let secret;
before(async () => {
  secret = TEST_SECRET; // the test's env wins over the app's .env
  server = await startTestServer({ appDir: APP_DIR, env: { GITHUB_WEBHOOK_SECRET: TEST_SECRET } });
});
after(() => server?.stop());

test('POST /summaries runs the summarize workflow to the end and GET /summaries lists the summary', async () => {
  const text = 'Workflows keep state between steps. Caching avoids repeated model calls. Webhooks start work from outside.';
  const res = await fetch(`${server.url}/summaries`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
  });
  assert.equal(res.status, 200);
  const instance = await res.json();
  assert.equal(instance.workflowName, 'summarize');
  assert.equal(instance.nextStep, 'start');
  await server.workflows.waitFor(instance._id, { done: true });
  const list = await (await fetch(`${server.url}/summaries`)).json();
  const doc = list.find((d) => d.text === text);
  assert.ok(doc?.summary, 'a summary is stored');
  assert.match(server.logs, /Steps executed: start → checkCache → callOpenAI → cacheAndStore → store → finish/);
});

test('POST /webhook/summarize accepts a signed GitHub issue event and refuses a bad signature', async () => {
  const body = JSON.stringify({ action: 'opened', issue: { number: 7, title: 'Crash on save', body: 'Saving a file crashes the editor.' }, repository: { full_name: 'me/app' } });
  const post = (signature) =>
    fetch(`${server.url}/webhook/summarize`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body });
  const ok = await post(sign(body, secret));
  assert.equal(ok.status, 200);
  assert.equal((await ok.json()).status, 'processing');
  const bad = await post(sign(body, `${secret}-wrong`));
  assert.equal(bad.status, 401);
});

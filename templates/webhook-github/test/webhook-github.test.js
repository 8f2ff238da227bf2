// Runs the app with `localhooks dev` (throwaway data folder) and sends it signed and unsigned GitHub deliveries.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TEST_SECRET = 'test-webhook-secret';
const APP_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Starts `localhooks dev` on a free port; resolves once its banner `localhooks ready at <url>` is printed. */
async function startServer(args = [], env = {}) {
  const bin = process.env.LOCALHOOKS_BIN ?? createRequire(import.meta.url).resolve('localhooks/bin/localhooks.js');
  const dataDir = await mkdtemp(join(tmpdir(), 'localhooks-test-'));
  const child = spawn(process.execPath, [bin, 'dev', APP_DIR, '--port', '0', '--no-watch', '--data', dataDir, ...args], {
    env: { ...process.env, PORT: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      const m = /localhooks ready at (http:\/\/\S+)/.exec(output);
      if (m) resolve(m[1]);
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.once('exit', (code) => reject(new Error(`localhooks exited (${code}) before it was ready:\n${output}`)));
  });
  return {
    url,
    origin: new URL(url).origin,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function waitFor(check, what, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The app's .env wins over the environment; use its secret when it has one. */
async function configuredSecret() {
  const env = await readFile(join(APP_DIR, '.env'), 'utf8').catch(() => '');
  return /^GITHUB_WEBHOOK_SECRET=(.+)$/m.exec(env)?.[1].trim().replace(/^(['"])(.*)\1$/, '$2');
}

const sign = (body, secret) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

let server;
let secret;
before(async () => {
  secret = (await configuredSecret()) ?? TEST_SECRET;
  server = await startServer([], { GITHUB_WEBHOOK_SECRET: TEST_SECRET });
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
  const event = await waitFor(async () => {
    const events = await (await fetch(`${server.url}/events`)).json();
    return events.find((e) => e._id === id && e.processedAt);
  }, 'the worker to process the event');
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

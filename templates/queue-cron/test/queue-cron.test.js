// Runs the app with `localhooks dev` (throwaway data folder) and checks the worker, the cron job and runAt.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

let server;
before(async () => {
  server = await startServer();
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
  // localhooks' admin API (also: npx localhooks jobs run 1)
  const run = await fetch(`${server.origin}/.localhooks/api/jobs/1/run`, { method: 'POST' });
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

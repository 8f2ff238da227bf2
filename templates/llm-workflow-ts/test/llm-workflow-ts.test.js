// Runs the app with `localhooks dev` (offline OpenAI, throwaway data folder) and drives it over HTTP.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const APP_DIR = fileURLToPath(new URL('..', import.meta.url));
const TEST_SECRET = 'test-webhook-secret';

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
  server = await startServer(['--llm', 'offline'], { GITHUB_WEBHOOK_SECRET: TEST_SECRET });
});
after(() => server?.stop());

async function completedInstances() {
  const res = await fetch(`${server.origin}/.localhooks/api/workflows/status`);
  const report = await res.json();
  const wf = report.workflows.find((w) => w.workflowName === 'summarize');
  return wf && wf.active === 0 ? wf.completed : 0;
}

test('POST /summaries runs the workflow through the openai client and GET /summaries lists the summary', async () => {
  const text = 'Typed steps catch a wrong step name at compile time. The openai client retries rate limits by itself. Summaries are cached for a minute.';
  const res = await fetch(`${server.url}/summaries`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
  });
  assert.equal(res.status, 200);
  const instance = await res.json();
  assert.equal(instance.workflowName, 'summarize');
  assert.equal(instance.nextStep, 'start');
  await waitFor(async () => (await completedInstances()) >= 1, 'the workflow to finish');
  const list = await (await fetch(`${server.url}/summaries`)).json();
  const doc = list.find((d) => d.text === text);
  assert.ok(doc?.summary, 'a summary is stored');
  assert.match(server.output(), /Steps executed: start → checkCache → callOpenAI → cacheAndStore → store → finish/);
});

test('POST /summaries without text is a 400', async () => {
  const res = await fetch(`${server.url}/summaries`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  assert.equal(res.status, 400);
});

test('POST /webhook/summarize accepts a signed GitHub issue event and refuses a bad or malformed signature', async () => {
  const body = JSON.stringify({ action: 'opened', issue: { number: 7, title: 'Crash on save', body: 'Saving a file crashes the editor.' }, repository: { full_name: 'me/app' } });
  const post = (signature) =>
    fetch(`${server.url}/webhook/summarize`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body });
  const ok = await post(sign(body, secret));
  assert.equal(ok.status, 200);
  assert.equal((await ok.json()).status, 'processing');
  assert.equal((await post(sign(body, `${secret}-wrong`))).status, 401);
  assert.equal((await post('sha256=short')).status, 401);
});

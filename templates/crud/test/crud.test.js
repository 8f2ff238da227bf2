// Runs the app with `localhooks dev` (throwaway data folder) and exercises the CRUD API over HTTP.
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

async function call(method, path, body) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, body: json };
}

test('todos: create, list, query, get, patch, replace and delete', async () => {
  const created = await call('POST', '/todos', { title: 'Buy milk', priority: 2 });
  assert.equal(created.status, 201);
  const id = created.body._id;
  assert.ok(id);
  await call('POST', '/todos', { title: 'Write tests', done: true });

  assert.equal((await call('GET', '/todos')).body.length, 2);
  assert.deepEqual((await call('GET', '/todos?done=true')).body.map((t) => t.title), ['Write tests']);
  assert.equal((await call('GET', `/todos/${id}`)).body.title, 'Buy milk');

  const patched = await call('PATCH', `/todos/${id}`, { done: true });
  assert.equal(patched.status, 200);
  assert.equal(patched.body.done, true);

  const replaced = await call('PUT', `/todos/${id}`, { title: 'Buy oat milk' });
  assert.equal(replaced.status, 200);
  assert.deepEqual(replaced.body, { _id: id, title: 'Buy oat milk' });

  assert.equal((await call('DELETE', `/todos/${id}`)).status, 200);
  assert.equal((await call('GET', `/todos/${id}`)).status, 404);
});

test('todos: a body that breaks the JSON Schema is a 400 with the validation errors', async () => {
  const missing = await call('POST', '/todos', { priority: 9 });
  assert.equal(missing.status, 400);
  assert.deepEqual(missing.body.map((e) => e.keyword).sort(), ['maximum', 'required']);
  assert.equal((await call('POST', '/todos', { title: 'x', colour: 'red' })).status, 400);
});

test('only the collections in the schema map are served', async () => {
  assert.equal((await call('POST', '/users', { name: 'Ann' })).status, 400);
  assert.equal((await call('GET', '/users')).status, 404);
});

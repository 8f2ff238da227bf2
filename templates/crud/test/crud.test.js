// Runs the app with localhooks (localhooks/testing: a free port, a throwaway data folder) and exercises the CRUD API over HTTP.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startTestServer } from 'localhooks/testing';

const APP_DIR = fileURLToPath(new URL('..', import.meta.url));

let server;
before(async () => {
  server = await startTestServer({ appDir: APP_DIR });
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

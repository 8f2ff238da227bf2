// templates/crud scaffolded with `localhooks create`, served in-process, exercised over HTTP.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { postJson, type TestApp } from '../../helpers/app-server.js';
import { scaffold, type Scaffold } from './scaffold.js';

interface Todo {
  _id: string;
  title: string;
  done?: boolean;
  priority?: number;
}

let s: Scaffold;
let app: TestApp;
before(async () => {
  s = await scaffold('crud', 'todo-api');
  app = await s.serve();
});
after(() => s?.remove());

const send = (method: string, body?: unknown): RequestInit =>
  body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };

test('CRUD-05/07/09/13 template crud: create, list, query, get, patch, delete', async () => {
  const created = await app.json<Todo>('/todos', postJson({ title: 'Buy milk', priority: 2 }));
  assert.equal(created.status, 201);
  const id = created.body._id;
  await app.json('/todos', postJson({ title: 'Write tests', priority: 4, done: true }));

  assert.deepEqual((await app.json<Todo[]>('/todos')).body.map((t) => t.title), ['Buy milk', 'Write tests']);
  assert.deepEqual((await app.json<Todo[]>('/todos?priority>3')).body.map((t) => t.title), ['Write tests']);
  assert.deepEqual((await app.json<Todo>(`/todos/${id}`)).body, { _id: id, title: 'Buy milk', priority: 2 });

  const patched = await app.json<Todo>(`/todos/${id}`, send('PATCH', { done: true }));
  assert.deepEqual([patched.status, patched.body.done], [200, true]);
  assert.deepEqual((await app.json<Todo[]>('/todos?done=true')).body.length, 2);

  assert.equal((await app.json(`/todos/${id}`, send('DELETE'))).status, 200);
  assert.equal((await app.json(`/todos/${id}`)).status, 404);
});

test('CRUD-05/08 template crud: a JSON Schema violation is a 400 with ajv errors (POST and PUT)', async () => {
  const bad = await app.json<Array<{ keyword: string; instancePath: string }>>('/todos', postJson({ priority: 9 }));
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body.map((e) => e.keyword).sort(), ['maximum', 'required']);
  assert.equal((await app.json('/todos', postJson({ title: 'x', colour: 'red' }))).status, 400);
  const { body: todo } = await app.json<Todo>('/todos', postJson({ title: 'Keep' }));
  assert.equal((await app.json(`/todos/${todo._id}`, send('PUT', { title: '' }))).status, 400);
  assert.equal((await app.json<Todo>(`/todos/${todo._id}`)).body.title, 'Keep');
});

test('CRUD-03 template crud: collections outside the schema map are refused', async () => {
  assert.equal((await app.json('/users', postJson({ name: 'Ann' }))).status, 400);
  assert.equal((await app.json('/users')).status, 404);
});

test('template crud: its own npm test passes in the scaffold', async () => {
  const r = await s.ownTests();
  assert.equal(r.code, 0, r.out);
  // TAP on Node 20, the spec reporter on Node 22 and later.
  assert.match(r.out, /^(# |ℹ )fail 0$/m);
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, REPO_ROOT, postJson, startDir, type TestApp } from '../../helpers/app-server.js';

type Doc = Record<string, any>;
let app: TestApp;
before(async () => {
  // Zod comes from the app's own node_modules, as on the platform: here a link to the copy localhooks has.
  const dir = await mkdtemp(join(tmpdir(), 'lh-zod-app-'));
  await cp(join(FIXTURES, 'zod-app'), dir, { recursive: true });
  await mkdir(join(dir, 'node_modules'));
  await symlink(join(REPO_ROOT, 'node_modules', 'zod'), join(dir, 'node_modules', 'zod'), 'dir');
  app = await startDir(dir, {}, true);
});
after(() => app?.close());

test('CRUD-04 a schema with .parse is validated as Zod: issues array on failure, the parsed document stored', async () => {
  const bad = await app.json<Doc[]>('/books', postJson({ title: '', pages: -3 }));
  assert.equal(bad.status, 400);
  assert.ok(Array.isArray(bad.body));
  assert.deepEqual(bad.body.map((i) => i.path.join('.')).sort(), ['pages', 'title']);
  const good = await app.json<Doc>('/books', postJson({ title: 'Dune', pages: 412 }));
  assert.equal(good.status, 201);
  assert.deepEqual({ ...good.body, _id: undefined }, { title: 'Dune', pages: 412, _id: undefined });
});

test('OAPI-05 a Zod request body is converted to JSON Schema and hoisted to components.schemas behind a $ref', async () => {
  const spec = (await app.json<Doc>('/openapi.json')).body;
  const ref = spec.paths['/reviews'].post.requestBody.content['application/json'].schema.$ref as string;
  assert.match(ref, /^#\/components\/schemas\//);
  const schema = spec.components.schemas[ref.split('/').pop()!];
  assert.equal(schema.type, 'object');
  assert.deepEqual(Object.keys(schema.properties).sort(), ['stars', 'text']);
  assert.equal(schema.properties.text.type, 'string');
  assert.equal((await app.json('/reviews', postJson({ stars: 5, text: 'good' }))).status, 200);
});

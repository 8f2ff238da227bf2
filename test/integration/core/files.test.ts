import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFixture, type TestApp } from '../../helpers/app-server.js';

let app: TestApp;
before(async () => {
  app = await startFixture('files-app');
});
after(() => app?.close());

test('ST-01/ST-03 app.static: serves the app’s own files, the default file for the route', async () => {
  const txt = await app.fetch('/public/notes.txt');
  assert.equal(txt.status, 200);
  assert.match(txt.headers.get('content-type') ?? '', /text\/plain/);
  assert.equal(await txt.text(), 'plain text file\n');
  const index = await app.fetch('/public');
  assert.equal(await index.text(), '<h1>static page</h1>\n');
  assert.equal((await app.fetch('/public/missing.txt')).status, 404);
});

test('FS-01/FS-03/FS-04/FS-05 filestore: save, read, list and delete blobs', async () => {
  assert.equal((await app.json('/files/a.txt', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'blob content' })).status, 201);
  assert.equal(await (await app.fetch('/files/a.txt')).text(), 'blob content');
  assert.deepEqual((await app.json('/list')).body, ['/uploads/a.txt']);
  assert.equal((await app.json('/files/a.txt', { method: 'DELETE' })).status, 200);
  assert.equal((await app.json('/files/a.txt')).status, 404);
});

test('FS-07 filestore: paths cannot escape the store', async () => {
  const r = await app.json('/escape');
  assert.equal(r.status, 400);
});

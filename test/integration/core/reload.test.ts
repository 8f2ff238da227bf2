import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { postJson, startFixture, waitFor, type TestApp } from '../../helpers/app-server.js';

let app: TestApp;
let original: string;
before(async () => {
  app = await startFixture('hello-app', { watch: true });
  original = await readFile(join(app.dir, 'index.js'), 'utf8');
});
after(() => app?.close());

const version = async () => ((await app.json('/hello')).body as { version: number }).version;
const withVersion = (v: number) => original.replace('version: 1', `version: ${v}`);

test('hot reload: a save is served by the next request, stored data is kept', async () => {
  await app.json('/notes', postJson({ text: 'kept across reloads' }));
  const reloaded = once(app.lh.events, 'reloaded');
  await app.write('index.js', withVersion(2));
  const [e] = (await reloaded) as [{ ms: number }];
  assert.ok(e.ms > 0);
  assert.equal(await version(), 2);
  const notes = (await app.json('/notes')).body as { text: string }[];
  assert.deepEqual(notes.map((n) => n.text), ['kept across reloads']);
  assert.match(app.logs.text(), /reloaded in \d+ ms/);
});

test('hot reload: requests in flight during a swap all succeed', async () => {
  let stop = false;
  let failures = 0;
  let ok = 0;
  const loop = async () => {
    while (!stop) {
      const res = await app.fetch('/hello').catch(() => null);
      if (res?.status === 200) ok++;
      else failures++;
      await res?.text();
    }
  };
  const loops = [loop(), loop(), loop(), loop()];
  for (const v of [3, 4, 5]) {
    const reloaded = once(app.lh.events, 'reloaded');
    await app.write('index.js', withVersion(v));
    await reloaded;
    await waitFor(async () => (await version()) === v, { what: `version ${v}` });
  }
  stop = true;
  await Promise.all(loops);
  assert.equal(failures, 0);
  assert.ok(ok > 10, `only ${ok} requests ran`);
});

test('hot reload: a broken save keeps the old version and prints file, line and code frame; a fix recovers', async () => {
  const failed = once(app.lh.events, 'build-error');
  await app.write('index.js', original.replace("app.get('/hello', (req, res) => {", "app.get('/hello', (req, res) => {{{"));
  const [e] = (await failed) as [{ message: string }];
  assert.match(e.message, /index\.js:\d+:\d+/);
  assert.match(app.logs.text(), /Build failed/);
  assert.equal(await version(), 5);
  const reloaded = once(app.lh.events, 'reloaded');
  await app.write('index.js', withVersion(6));
  await reloaded;
  assert.equal(await version(), 6);
});

test('hot reload: a burst of saves causes one rebuild', async () => {
  let count = 0;
  const onReload = () => count++;
  app.lh.events.on('reloaded', onReload);
  const done = once(app.lh.events, 'reloaded');
  // Written in one turn of the event loop: awaited writes on a loaded machine can land further apart than a burst.
  for (const v of [7, 8, 9, 10]) writeFileSync(join(app.dir, 'index.js'), withVersion(v));
  await done;
  await app.lh.reload.idle();
  app.lh.events.off('reloaded', onReload);
  assert.equal(count, 1);
  assert.equal(await version(), 10);
});

test('hot reload: a runtime error on load keeps the old version serving', async () => {
  const failed = once(app.lh.events, 'build-error');
  await app.write('index.js', original.replace('export default app.init();', "throw new Error('load-time failure');\nexport default app.init();"));
  await failed;
  assert.equal(await version(), 10);
  const reloaded = once(app.lh.events, 'reloaded');
  await app.write('index.js', withVersion(11));
  await reloaded;
  assert.equal(await version(), 11);
});

test('ENV-03 hot reload: a .env change restarts the app with the new values', async () => {
  const reloaded = once(app.lh.events, 'reloaded');
  await app.write('index.js', withVersion(12).replace("res.json({ message: 'Hello from localhooks', version: 12 })", "res.json({ message: process.env.MSG, version: 12 })"));
  await reloaded;
  const again = once(app.lh.events, 'reloaded');
  await app.write('.env', 'MSG=from-env\n');
  await again;
  assert.equal(((await app.json('/hello')).body as { message: string }).message, 'from-env');
});

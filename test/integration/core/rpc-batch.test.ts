import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDir, type TestApp } from '../../helpers/app-server.js';

// Datastore calls made in one turn of the app's event loop travel to the main thread as one batch.
const APP = `import { app, Datastore } from 'codehooks-js';
app.get('/mixed', async (req, res) => {
  const db = await Datastore.open();
  const settled = await Promise.allSettled([
    db.insertOne('things', { n: 1 }),
    db.insertOne('things', { n: 2, f: () => 1 }),
    db.set('after-bad', 'stored'),
  ]);
  res.json({
    settled: settled.map((s) => (s.status === 'fulfilled' ? 'ok' : s.reason.code)),
    things: (await db.getMany('things', {}).toArray()).map((d) => d.n),
    kv: await db.get('after-bad'),
  });
});
app.get('/order', async (req, res) => {
  const db = await Datastore.open();
  const writes = [];
  for (let i = 1; i <= 50; i++) writes.push(db.set('last', String(i)));
  await Promise.all(writes);
  res.json({ last: await db.get('last') });
});
app.get('/many', async (req, res) => {
  const db = await Datastore.open();
  for (let i = 0; i < 20; i++) await db.insertOne('many', { tag: req.query.tag, i });
  res.json({ ok: true });
});
export default app.init();
`;

let app: TestApp;
before(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lh-rpc-batch-'));
  await writeFile(join(dir, 'index.js'), APP);
  app = await startDir(dir, { storage: 'level' }, true);
});
after(() => app?.close());

test('datastore calls in one turn: a value that cannot be cloned fails its own call only', async () => {
  const r = await app.json<{ settled: string[]; things: number[]; kv: string }>('/mixed');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.settled, ['ok', 'LH_DB_INVALID_DOCUMENT', 'ok']);
  assert.deepEqual(r.body.things, [1]);
  assert.equal(r.body.kv, 'stored');
});

test('datastore calls in one turn are applied in the order they were made', async () => {
  assert.deepEqual((await app.json('/order')).body, { last: '50' });
});

test('32 concurrent requests each inserting in a row: every insert is stored', async () => {
  const tags = Array.from({ length: 32 }, (_, i) => `t${i}`);
  const answers = await Promise.all(tags.map((t) => app.json(`/many?tag=${t}`)));
  assert.ok(answers.every((a) => a.status === 200));
  const docs: { tag: string; i: number }[] = [];
  for await (const d of app.lh.backend.iterate('getMany', ['many', {}])) docs.push(d as { tag: string; i: number });
  assert.equal(docs.length, 32 * 20);
  for (const t of tags) assert.deepEqual(docs.filter((d) => d.tag === t).map((d) => d.i), Array.from({ length: 20 }, (_, i) => i));
});

import assert from 'node:assert/strict';
import { dsTest } from '../../helpers/datastore-backends.js';

type Doc = Record<string, any>;

dsTest('DB-03 insertOne: resolves the document with a 24-hex _id; collections appear on first insert', async ({ conn, ds }) => {
  const input = { Region: 'North America', Volume: 200 };
  const doc = (await conn.insertOne('sales', input)) as Doc;
  assert.match(doc._id, /^[0-9a-f]{24}$/);
  assert.deepEqual(doc, { _id: doc._id, ...input });
  assert.equal('_id' in input, false, 'the caller’s object is not modified');
  assert.deepEqual((await ds.listCollections()).map((c) => [c.name, c.count]), [['sales', 1]]);
});

dsTest('DB-02 _id: strictly increasing within a process even when the clock stands still', async ({ conn }) => {
  const ids: string[] = [];
  for (let i = 0; i < 200; i++) ids.push(((await conn.insertOne('c', { i })) as Doc)._id);
  for (let i = 1; i < ids.length; i++) assert.ok(ids[i - 1]! < ids[i]!, `${ids[i - 1]} < ${ids[i]}`);
});

dsTest('DB-03 insertOne with an array inserts all (AMB 17) and resolves the stored documents', async ({ conn }) => {
  const docs = (await conn.insertOne('c', [{ a: 1 }, { a: 2 }, { _id: 'mine', a: 3 }])) as Doc[];
  assert.equal(docs.length, 3);
  assert.equal(docs[2]!._id, 'mine');
  assert.deepEqual(await conn.count('c'), { count: 3 });
  assert.deepEqual(await conn.insertOne('c', []), []);
});

dsTest('DB-03 caller-supplied _id is kept; a taken _id rejects with LH_DB_DUPLICATE_ID', async ({ conn }) => {
  const d = (await conn.insertOne('c', { _id: 'user:42/with spaces', a: 1 })) as Doc;
  assert.equal(d._id, 'user:42/with spaces');
  assert.deepEqual(await conn.getOne('c', 'user:42/with spaces'), d);
  await assert.rejects(conn.insertOne('c', { _id: 'user:42/with spaces' }), { code: 'LH_DB_DUPLICATE_ID', status: 409 });
  await assert.rejects(conn.insertOne('c', [{ _id: 'x' }, { _id: 'x' }]), { code: 'LH_DB_DUPLICATE_ID' });
  assert.deepEqual(await conn.count('c'), { count: 1 });
});

dsTest('DB-05 getOne: by id string or query; rejects when not found naming collection and id', async ({ conn }) => {
  const d = (await conn.insertOne('customer', { name: 'Acme Inc.' })) as Doc;
  assert.deepEqual(await conn.getOne('customer', d._id), d);
  assert.deepEqual(await conn.getOne('customer', { name: 'Acme Inc.' }), d);
  await assert.rejects(conn.getOne('customer', '640f60f2b4fdc00015c42811'), (err: any) => {
    assert.equal(err.code, 'LH_DB_NOT_FOUND');
    assert.equal(err.status, 404);
    assert.match(err.message, /not found/i);
    assert.match(err.message, /customer/);
    assert.match(err.message, /640f60f2b4fdc00015c42811/);
    return err instanceof Error;
  });
  await assert.rejects(conn.getOne('customer', { name: 'nobody' }), { code: 'LH_DB_NOT_FOUND' });
});

dsTest('DB-06/07 findOne is an alias of getOne; findOneOrNull resolves null', async ({ conn }) => {
  const d = (await conn.insertOne('c', { a: 1 })) as Doc;
  assert.deepEqual(await conn.findOne('c', { _id: d._id }), d);
  await assert.rejects(conn.findOne('c', 'nope'), { code: 'LH_DB_NOT_FOUND' });
  assert.equal(await conn.findOneOrNull('c', 'nope'), null);
  assert.equal(await conn.findOneOrNull('never-created', { a: 1 }), null);
  assert.deepEqual(await conn.findOneOrNull('c', d._id), d);
});

dsTest('DB-22 removeOne resolves {_id} (AMB 21) and rejects when nothing matches; extra {} argument accepted', async ({ conn }) => {
  const d = (await conn.insertOne('c', { a: 1 })) as Doc;
  assert.deepEqual(await conn.removeOne('c', d._id, {}), { _id: d._id });
  await assert.rejects(conn.removeOne('c', d._id, {}), { code: 'LH_DB_NOT_FOUND' });
  const e = (await conn.insertOne('c', { a: 2 })) as Doc;
  assert.deepEqual(await conn.removeOne('c', { a: 2 }), { _id: e._id });
});

dsTest('DB-23 removeMany resolves {count}; {} empties the collection', async ({ conn }) => {
  for (let i = 0; i < 10; i++) await conn.insertOne('c', { i, odd: i % 2 === 1 });
  assert.deepEqual(await conn.removeMany('c', { odd: true }), { count: 5 });
  assert.deepEqual(await conn.removeMany('c', { odd: true }), { count: 0 });
  assert.deepEqual(await conn.removeMany('c', {}), { count: 5 });
  assert.deepEqual(await conn.getMany('c').toArray(), []);
  await conn.insertOne('c', { x: 1 });
  assert.deepEqual(await conn.removeMany('c', undefined, { filter: { x: 1 } }), { count: 1 }, 'crudlify passes the filter in options too');
});

dsTest('DB-28 collection(name) has the same methods minus the collection argument', async ({ conn }) => {
  const c = conn.collection('wf');
  const d = (await c.insertOne({ nextStep: 'a' })) as Doc;
  await c.insertOne({ nextStep: null });
  assert.deepEqual(((await c.find({ nextStep: { $ne: null } }).toArray()) as Doc[]).map((x) => x._id), [d._id]);
  assert.equal(((await c.getMany({}, { limit: 1 }).toArray()) as Doc[]).length, 1);
  assert.deepEqual(await c.getOne(d._id), d);
  assert.deepEqual(await c.findOne({ _id: d._id }), d);
  assert.equal(await c.findOneOrNull('zz'), null);
  assert.equal(((await c.updateOne(d._id, { $set: { x: 1 } })) as Doc).x, 1);
  assert.deepEqual(await c.updateMany({}, { $set: { y: 1 } }), { count: 2 });
  assert.equal(((await c.replaceOne(d._id, { z: 1 })) as Doc).z, 1);
  assert.deepEqual(await c.replaceMany({ y: 1 }, { w: 1 }), { count: 1 });
  assert.deepEqual(await c.count(), { count: 2 });
  await c.setSchema({ type: 'object' });
  assert.deepEqual(await c.getSchema(), { type: 'object' });
  await c.createSchema({ type: 'object', properties: {} });
  assert.deepEqual(await c.removeSchema(), { collection: 'wf', removed: true });
  assert.deepEqual(await c.createIndex(['w']), ['w']);
  assert.deepEqual(await c.removeIndex(['w']), []);
  assert.deepEqual(await c.removeOne(d._id), { _id: d._id });
  assert.deepEqual(await c.removeMany({}), { count: 1 });
});

dsTest('DB-33 system collections (_queue_x, _event_*, workflowdata) are ordinary collections', async ({ conn, ds }) => {
  for (const name of ['_queue_mytopic', '_event_listeners_chat', 'workflowdata']) await conn.insertOne(name, { ok: 1 });
  assert.deepEqual((await ds.listCollections()).map((c) => c.name), ['_event_listeners_chat', '_queue_mytopic', 'workflowdata']);
  assert.deepEqual(await conn.getMany('_queue_mytopic', { ok: 1 }, { hints: { $onlycount: true } }).toArray(), [{ count: 1 }]);
});

dsTest('datastore service: unknown methods reject with LH_DB_UNKNOWN_METHOD; call answers streams as arrays', async ({ ds }) => {
  await assert.rejects(ds.call('enqueue', ['t', {}]), { code: 'LH_DB_UNKNOWN_METHOD' });
  await assert.rejects(ds.call('__proto__', []), { code: 'LH_DB_UNKNOWN_METHOD' });
  await ds.call('insertOne', ['c', { a: 1 }]);
  assert.equal(((await ds.call('getMany', ['c', {}])) as unknown[]).length, 1);
  assert.ok(ds.methods.includes('updateOne'));
});

dsTest('persistence: documents, indexes, schemas and caps survive a restart', async (ctx) => {
  await ctx.conn.insertOne('p', { a: 1, tag: 'x' });
  await ctx.conn.createIndex('p', 'tag');
  await ctx.conn.setSchema('p', { type: 'object', properties: { a: { type: 'number' } } });
  await ctx.conn.createCollection('capped', { cap: 2 });
  await ctx.reopen();
  ctx.store.reset();
  assert.equal(((await ctx.conn.getMany('p', { tag: 'x' }).toArray()) as Doc[]).length, 1);
  assert.equal(ctx.store.docScans('p'), 0, 'index still used after reopen');
  await assert.rejects(ctx.conn.insertOne('p', { a: 'no' }), { code: 'LH_DB_SCHEMA' });
  for (let i = 0; i < 4; i++) await ctx.conn.insertOne('capped', { i });
  assert.deepEqual(((await ctx.conn.getMany('capped').toArray()) as Doc[]).map((d) => d.i), [2, 3]);
});

dsTest('datastore close: later calls reject with LH_DB_CLOSED', async (ctx) => {
  await ctx.ds.close();
  await assert.rejects(ctx.conn.insertOne('c', {}), { code: 'LH_DB_CLOSED' });
  await assert.rejects(ctx.conn.getMany('c').toArray(), { code: 'LH_DB_CLOSED' });
});

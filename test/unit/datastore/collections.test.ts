import assert from 'node:assert/strict';
import { dsTest } from '../../helpers/datastore-backends.js';
import { rangeUnder } from '../../../runtime/datastore/key-layout.js';

type Doc = Record<string, any>;

async function countKeys(store: { keys(r: unknown): AsyncIterable<string> }, prefix: string): Promise<number> {
  let n = 0;
  for await (const _ of store.keys(rangeUnder(prefix))) n++;
  return n;
}

dsTest('DB-25 cap: the oldest documents are dropped past the cap (with their index entries)', async ({ conn, store }) => {
  await conn.createCollection('log', { cap: 3 });
  await conn.createIndex('log', ['i']);
  for (let i = 0; i < 7; i++) await conn.insertOne('log', { i });
  assert.deepEqual(((await conn.getMany('log').toArray()) as Doc[]).map((d) => d.i), [4, 5, 6]);
  assert.equal(await countKeys(store, 'idx/log/i/'), 3);
  await conn.insertOne('log', [{ i: 7 }, { i: 8 }, { i: 9 }, { i: 10 }]);
  assert.deepEqual(((await conn.getMany('log').toArray()) as Doc[]).map((d) => d.i), [8, 9, 10]);
  await conn.removeMany('log', { i: 8 });
  await conn.insertOne('log', { i: 11 });
  assert.deepEqual(((await conn.getMany('log').toArray()) as Doc[]).map((d) => d.i), [9, 10, 11], 'removals are counted');
  await assert.rejects(conn.createCollection('bad', { cap: 0 }), { code: 'LH_DB_INVALID_COLLECTION' });
  await assert.rejects(conn.createCollection('bad', { cap: 'x' }), { code: 'LH_DB_INVALID_COLLECTION' });
});

dsTest('DB-25 dropCollection removes data, indexes and metadata', async ({ conn, ds, store }) => {
  await conn.insertOne('a', { x: 1 });
  await conn.insertOne('ab', { x: 2 });
  await conn.createIndex('a', ['x']);
  await conn.setSchema('a', { type: 'object' });
  assert.deepEqual(await conn.dropCollection('a'), { collection: 'a', dropped: true });
  assert.deepEqual(await conn.dropCollection('a'), { collection: 'a', dropped: false });
  assert.equal(await countKeys(store, 'doc/a/'), 0);
  assert.equal(await countKeys(store, 'idx/a/'), 0);
  assert.equal(await conn.getSchema('a'), null);
  assert.deepEqual((await ds.listCollections()).map((c) => c.name), ['ab'], 'a neighbour with a shared name prefix is untouched');
  assert.equal(((await conn.getMany('ab').toArray()) as Doc[]).length, 1);
  await conn.insertOne('a', { x: 3 });
  assert.deepEqual(((await conn.getMany('a', { x: 3 }).toArray()) as Doc[]).length, 1, 'a dropped collection can be used again, without its old index');
});

dsTest('DB-27 createIndex / removeIndex resolve the index list and keep entries in step with writes', async ({ conn, store }) => {
  const d = (await conn.insertOne('s', { Name: 'A', Volume: 10, tags: ['x', 'y'] })) as Doc;
  assert.deepEqual(await conn.createIndex('s', ['Name', 'Volume']), ['Name', 'Volume']);
  assert.deepEqual(await conn.createIndex('s', 'tags'), ['Name', 'Volume', 'tags']);
  assert.equal(await countKeys(store, 'idx/s/'), 4, 'built over existing documents; arrays indexed per element');
  await conn.updateOne('s', d._id, { $set: { Volume: 11 }, $pull: { tags: 'x' } });
  assert.equal(await countKeys(store, 'idx/s/Volume/'), 1);
  assert.equal(await countKeys(store, 'idx/s/tags/'), 1);
  assert.equal(((await conn.getMany('s', { Volume: 10 }).toArray()) as Doc[]).length, 0);
  assert.equal(((await conn.getMany('s', { Volume: 11 }).toArray()) as Doc[]).length, 1);
  await conn.replaceOne('s', d._id, { Name: 'B' });
  assert.equal(await countKeys(store, 'idx/s/'), 1);
  assert.deepEqual(await conn.removeIndex('s', ['Volume', 'nope']), ['Name', 'tags']);
  await conn.removeOne('s', d._id);
  assert.equal(await countKeys(store, 'idx/s/'), 0);
  await assert.rejects(conn.createIndex('s', []), { code: 'LH_DB_INVALID_INDEX' });
  await assert.rejects(conn.createIndex('s', ['a/b']), { code: 'LH_DB_INVALID_INDEX' });
  await assert.rejects(conn.createIndex('s', 5), { code: 'LH_DB_INVALID_INDEX' });
});

dsTest('DB-27 an index built while writes are in flight still finds every document', async ({ conn }) => {
  const writes = Array.from({ length: 200 }, (_, i) => conn.insertOne('busy', { k: i % 10 }));
  const building = conn.createIndex('busy', ['k']);
  await Promise.all([...writes, building]);
  const more = Array.from({ length: 50 }, () => conn.insertOne('busy', { k: 3 }));
  await Promise.all(more);
  assert.equal(((await conn.getMany('busy', { k: 3 }).toArray()) as Doc[]).length, 70);
});

import assert from 'node:assert/strict';
import { dsTest } from '../../helpers/datastore-backends.js';
import { LocalhooksError } from '../../../runtime/errors.js';

type Doc = Record<string, any>;

dsTest('bad input: collection names that are empty, non-strings or contain path characters', async ({ conn }) => {
  for (const name of ['', '../x', 'a/b', 'a\\b', '.', '..', 'tab\there', 'x'.repeat(201), 5, null, undefined]) {
    await assert.rejects(conn.insertOne(name, { a: 1 }), { code: 'LH_DB_INVALID_COLLECTION', status: 400 }, String(name));
    await assert.rejects(conn.getMany(name as string).toArray(), { code: 'LH_DB_INVALID_COLLECTION' });
  }
  for (const name of ['ok-name', 'with.dot', 'with space', 'ÆØÅ', '_queue_topic']) await conn.insertOne(name, { a: 1 });
});

dsTest('bad input: non-object documents reject with LH_DB_INVALID_DOCUMENT', async ({ conn, ds }) => {
  for (const doc of [null, undefined, 'text', 42, true, new Date(), /x/, [[1]]]) {
    await assert.rejects(conn.insertOne('c', doc), { code: 'LH_DB_INVALID_DOCUMENT' }, String(doc));
  }
  await assert.rejects(conn.replaceOne('c', 'x', 'text'), { code: 'LH_DB_INVALID_DOCUMENT' });
  assert.deepEqual(await conn.count('c'), { count: 0 });
  assert.deepEqual(await ds.listCollections(), [], 'a refused insert creates no collection');
});

dsTest('bad input: values that cannot be stored (functions, symbols, BigInt, cycles) are refused whole', async ({ conn }) => {
  const cyclic: Doc = { a: 1 };
  cyclic.self = cyclic;
  const bad: Doc[] = [{ f: () => 1 }, { s: Symbol('x') }, { n: 10n }, cyclic, { deep: { list: [1, { fn() {} }] } }, JSON.parse('{"__proto__": {"polluted": true}}')];
  for (const doc of bad) {
    await assert.rejects(conn.insertOne('c', doc), (err: any) => {
      assert.equal(err.code, 'LH_DB_INVALID_DOCUMENT');
      assert.ok(err instanceof LocalhooksError);
      return true;
    });
  }
  await assert.rejects(conn.insertOne('c', [{ ok: 1 }, { f: () => 1 }]), { code: 'LH_DB_INVALID_DOCUMENT' });
  assert.deepEqual(await conn.count('c'), { count: 0 }, 'nothing stored half-way');
  const d = (await conn.insertOne('c', { ok: 1 })) as Doc;
  await assert.rejects(conn.updateOne('c', d._id, { $set: { f: () => 1, ok: 2 } }), { code: 'LH_DB_INVALID_UPDATE' });
  await assert.rejects(conn.updateOne('c', d._id, { $push: { list: 10n } }), { code: 'LH_DB_INVALID_UPDATE' });
  assert.equal(((await conn.getOne('c', d._id)) as Doc).ok, 1);
  assert.equal(({} as Doc).polluted, undefined);
});

dsTest('bad input: invalid ids reject with LH_DB_INVALID_ID', async ({ conn }) => {
  for (const id of [5, {}, ['a'], 'x'.repeat(1025), '\uD800']) {
    await assert.rejects(conn.insertOne('c', { _id: id }), { code: 'LH_DB_INVALID_ID' }, JSON.stringify(id));
  }
  await assert.rejects(conn.getOne('c', ''), { code: 'LH_DB_INVALID_ID' });
  await assert.rejects(conn.getOne('c', undefined), { code: 'LH_DB_INVALID_QUERY' });
  await assert.rejects(conn.getOne('c', 42), { code: 'LH_DB_INVALID_QUERY' });
  const generated = (await conn.insertOne('c', { _id: null, a: 1 })) as Doc;
  assert.match(generated._id, /^[0-9a-f]{24}$/, 'a null _id is generated');
});

dsTest('bad input: errors are typed, catchable and carry an HTTP status and a message', async ({ conn }) => {
  try {
    await conn.getOne('users', 'abc');
    assert.fail('should reject');
  } catch (err: any) {
    assert.ok(err instanceof Error);
    assert.equal(err.name, 'DatastoreError');
    assert.deepEqual((err as unknown as { toJSON(): unknown }).toJSON(), { error: err.message, code: 'LH_DB_NOT_FOUND' });
  }
  await assert.rejects(conn.updateMany('c', 'not a query', { $set: { a: 1 } }), { code: 'LH_DB_INVALID_QUERY' });
  await assert.rejects(conn.removeMany('c', { a: { $bogus: 1 } }), { code: 'LH_DB_INVALID_QUERY' });
});

dsTest('bad input: a document over the size limit is refused with LH_DB_TOO_LARGE', async ({ conn }) => {
  await assert.rejects(conn.insertOne('c', { big: 'x'.repeat(16 * 1024 * 1024 + 1) }), { code: 'LH_DB_TOO_LARGE', status: 413 });
});

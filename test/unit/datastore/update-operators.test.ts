import assert from 'node:assert/strict';
import { dsTest } from '../../helpers/datastore-backends.js';

type Doc = Record<string, any>;

dsTest('QL-14 $set, $unset, $inc, $rename with dot paths', async ({ conn }) => {
  const d = (await conn.insertOne('u', { a: 1, n: 10, nested: { x: 1, y: 2 }, old: 'v' })) as Doc;
  let r = (await conn.updateOne('u', d._id, { $set: { a: 2, 'nested.x': 5, 'deep.new.path': true } })) as Doc;
  assert.deepEqual([r.a, r.nested, r.deep], [2, { x: 5, y: 2 }, { new: { path: true } }]);
  r = (await conn.updateOne('u', d._id, { $unset: { 'nested.y': '' , a: 1 } })) as Doc;
  assert.equal('a' in r, false);
  assert.deepEqual(r.nested, { x: 5 });
  r = (await conn.updateOne('u', d._id, { $inc: { n: -3, fresh: 2, 'nested.x': 1 } })) as Doc;
  assert.deepEqual([r.n, r.fresh, r.nested.x], [7, 2, 6]);
  r = (await conn.updateOne('u', d._id, { $inc: { n: undefined }, $unset: { n: undefined } })) as Doc;
  assert.equal(r.n, 7, 'undefined operands are dropped, as JSON would');
  r = (await conn.updateOne('u', d._id, { $rename: { old: 'renamed', missing: 'other' } })) as Doc;
  assert.equal(r.renamed, 'v');
  assert.equal('old' in r, false);
  assert.equal('other' in r, false);
});

dsTest('QL-14 $push, $pull, $pop, $addToSet on arrays', async ({ conn }) => {
  const d = (await conn.insertOne('u', { list: [1, 2, 3, 2], objs: [{ k: 1, s: 8 }, { k: 2, s: 3 }] })) as Doc;
  let r = (await conn.updateOne('u', d._id, { $push: { list: 4, fresh: 'x', more: { $each: [1, 2] } } })) as Doc;
  assert.deepEqual([r.list, r.fresh, r.more], [[1, 2, 3, 2, 4], ['x'], [1, 2]]);
  r = (await conn.updateOne('u', d._id, { $pull: { list: 2 } })) as Doc;
  assert.deepEqual(r.list, [1, 3, 4]);
  r = (await conn.updateOne('u', d._id, { $pull: { list: { $gte: 3 }, objs: { s: 8 } } })) as Doc;
  assert.deepEqual([r.list, r.objs], [[1], [{ k: 2, s: 3 }]]);
  r = (await conn.updateOne('u', d._id, { $push: { list: { $each: [5, 6, 7] } } })) as Doc;
  r = (await conn.updateOne('u', d._id, { $pop: { list: 1 } })) as Doc;
  assert.deepEqual(r.list, [1, 5, 6]);
  r = (await conn.updateOne('u', d._id, { $pop: { list: -1 } })) as Doc;
  assert.deepEqual(r.list, [5, 6]);
  r = (await conn.updateOne('u', d._id, { $addToSet: { list: 5, objs: { k: 2, s: 3 }, tags: { $each: ['a', 'a', 'b'] } } })) as Doc;
  assert.deepEqual([r.list, r.objs.length, r.tags], [[5, 6], 1, ['a', 'b']]);
  r = (await conn.updateOne('u', d._id, { $addToSet: { objs: { s: 3, k: 2 } } })) as Doc;
  assert.equal(r.objs.length, 1, 'deep equality ignores key order');
  r = (await conn.updateOne('u', d._id, { $pull: { tags: /^a/ } })) as Doc;
  assert.deepEqual(r.tags, ['b']);
  await assert.rejects(conn.updateOne('u', d._id, { $push: { 'objs.0.k': 1 } }), { code: 'LH_DB_INVALID_UPDATE' });
});

dsTest('QL-15 several operators in one update apply together; AMB 24 $inc with a numeric string', async ({ conn }) => {
  await conn.insertOne('customer', { name: 'Acme', customerStatus: 'GOLD', bonus: 5 });
  await conn.insertOne('customer', { name: 'Colo', customerStatus: 'GOLD' });
  const res = await conn.updateMany('customer', { customerStatus: 'GOLD' }, { $inc: { bonus: '20' }, $set: { customerStatus: 'PLATINUM' } });
  assert.deepEqual(res, { count: 2 });
  const rows = (await conn.getMany('customer', {}, { sort: { name: 1 } }).toArray()) as Doc[];
  assert.deepEqual(rows.map((r) => [r.customerStatus, r.bonus]), [['PLATINUM', 25], ['PLATINUM', 20]]);
  await assert.rejects(conn.updateMany('customer', {}, { $inc: { bonus: 'abc' } }), { code: 'LH_DB_INVALID_UPDATE' });
  await assert.rejects(conn.updateMany('customer', {}, { $inc: { name: 1 } }), { code: 'LH_DB_INVALID_UPDATE' });
});

dsTest('DB-16 updateOne: plain object merges like $set and resolves the full document', async ({ conn }) => {
  const d = (await conn.insertOne('customer', { name: 'Acme', sales: 1, address: { city: 'Oslo' } })) as Doc;
  const r = (await conn.updateOne('customer', { _id: d._id }, { sales: 42, address: { zip: '0150' } })) as Doc;
  assert.deepEqual(r, { _id: d._id, name: 'Acme', sales: 42, address: { zip: '0150' } });
  const same = (await conn.getOne('customer', d._id)) as Doc;
  assert.deepEqual(same, r);
  const noop = (await conn.updateOne('customer', d._id, {})) as Doc;
  assert.deepEqual(noop, r);
});

dsTest('DB-16 updateOne: _id is immutable; $set of _id is ignored, $rename of _id rejected', async ({ conn }) => {
  const d = (await conn.insertOne('c', { a: 1 })) as Doc;
  const r = (await conn.updateOne('c', d._id, { $set: { _id: 'other', a: 2 } })) as Doc;
  assert.deepEqual(r, { _id: d._id, a: 2 });
  await assert.rejects(conn.updateOne('c', d._id, { $rename: { _id: 'x' } }), { code: 'LH_DB_INVALID_UPDATE' });
  await assert.rejects(conn.updateOne('c', d._id, { $foo: { a: 1 } }), { code: 'LH_DB_INVALID_UPDATE' });
  await assert.rejects(conn.updateOne('c', d._id, { $set: 5 }), { code: 'LH_DB_INVALID_UPDATE' });
  await assert.rejects(conn.updateOne('c', d._id, 'x'), { code: 'LH_DB_INVALID_UPDATE' });
});

dsTest('DB-17 updateOne upsert: builds the document from the query equality fields plus operators', async ({ conn }) => {
  const q = { emailAddress: 'jane@example.com' };
  const u = { $set: { emailAddress: 'jane@example.com' }, $inc: { visits: 1 } };
  const first = (await conn.updateOne('users', q, u, { upsert: true })) as Doc;
  assert.deepEqual(Object.keys(first).sort(), ['_id', 'emailAddress', 'visits']);
  assert.equal(first.visits, 1);
  const second = (await conn.updateOne('users', q, u, { upsert: true })) as Doc;
  assert.equal(second._id, first._id);
  assert.equal(second.visits, 2);
  const nested = (await conn.updateOne('users', { 'profile.id': 7, kind: { $eq: 'x' }, age: { $gt: 3 } }, { $setOnInsert: { created: true } }, { upsert: true })) as Doc;
  assert.deepEqual(
    { profile: nested.profile, kind: nested.kind, created: nested.created, age: nested.age },
    { profile: { id: 7 }, kind: 'x', created: true, age: undefined },
  );
  const again = (await conn.updateOne('users', { 'profile.id': 7 }, { $setOnInsert: { created: false }, $set: { seen: 1 } }, { upsert: true })) as Doc;
  assert.equal(again.created, true, '$setOnInsert only applies on insert');
  assert.deepEqual(await conn.count('users'), { count: 2 });
});

dsTest('DB-17 upsert keeps a caller-supplied _id (any string) and DB-31 options in 5th position', async ({ conn }) => {
  const r = (await conn.updateOne('s', { _id: 'session:abc' }, { $set: { n: 1 } }, { upsert: true })) as Doc;
  assert.equal(r._id, 'session:abc');
  const five = (await conn.updateOne('s', { email: 'john@example.com' }, { lastLogin: new Date('2026-01-01T00:00:00Z') }, {}, { upsert: true })) as Doc;
  assert.deepEqual([five.email, five.lastLogin], ['john@example.com', '2026-01-01T00:00:00.000Z']);
  const ops = (await conn.updateOne('s', { _id: 'session:abc' }, { a: 1 }, { $inc: { n: 5 } })) as Doc;
  assert.deepEqual([ops.a, ops.n], [1, 6], 'a 4th argument of operators is merged (README form)');
  const replaced = (await conn.replaceOne('s', { _id: 'r1' }, { v: 1 }, { upsert: true })) as Doc;
  assert.deepEqual(replaced, { _id: 'r1', v: 1 });
});

dsTest('DB-18 updateOne: no match and no upsert resolves null (AMB 19)', async ({ conn }) => {
  assert.equal(await conn.updateOne('c', 'missing-id', { $set: { a: 1 } }), null);
  assert.equal(await conn.updateOne('c', { a: 1 }, { $set: { a: 2 } }, {}), null);
  assert.deepEqual(await conn.count('c'), { count: 0 });
});

dsTest('DB-29 stored values follow JSON: Dates as ISO strings, undefined dropped, Errors as {name,message,stack}', async ({ conn }) => {
  const err = Object.assign(new TypeError('bad thing'), { code: 'E_BAD' });
  const d = (await conn.insertOne('c', { when: new Date('2026-02-03T04:05:06.007Z'), gone: undefined, list: [1, undefined, 3], nan: Number.NaN })) as Doc;
  assert.deepEqual(d, { _id: d._id, when: '2026-02-03T04:05:06.007Z', list: [1, null, 3], nan: null });
  const r = (await conn.updateOne('c', d._id, { $set: { lastError: err, keep: undefined, when: undefined, nested: { at: new Date(0), u: undefined } } })) as Doc;
  assert.equal(r.when, '2026-02-03T04:05:06.007Z', '$set of undefined leaves the field');
  assert.equal('keep' in r, false);
  assert.deepEqual(r.nested, { at: '1970-01-01T00:00:00.000Z' });
  assert.deepEqual([r.lastError.name, r.lastError.message, r.lastError.code], ['TypeError', 'bad thing', 'E_BAD']);
  assert.match(r.lastError.stack, /TypeError: bad thing/);
  const read = (await conn.findOne('c', { _id: d._id })) as Doc;
  assert.deepEqual(read, r);
});

dsTest('DB-19/21 AMB 20 updateMany and replaceMany resolve {count}; DB-20 replaceOne keeps _id', async ({ conn }) => {
  for (const n of [1, 2, 3]) await conn.insertOne('c', { n, kind: n < 3 ? 'a' : 'b' });
  assert.deepEqual(await conn.updateMany('c', { kind: 'a' }, { $set: { seen: true } }), { count: 2 });
  assert.deepEqual(await conn.updateMany('c', { kind: 'zzz' }, { $set: { seen: true } }), { count: 0 });
  const one = (await conn.getOne('c', { n: 3 })) as Doc;
  const replaced = (await conn.replaceOne('c', one._id, { _id: 'ignored', fresh: 1 })) as Doc;
  assert.deepEqual(replaced, { _id: one._id, fresh: 1 });
  assert.equal(await conn.replaceOne('c', 'nope', { a: 1 }), null);
  assert.deepEqual(await conn.replaceMany('c', { kind: 'a' }, { Acme: 'was here' }), { count: 2 });
  const all = (await conn.getMany('c').toArray()) as Doc[];
  assert.deepEqual(all.map((d) => Object.keys(d).sort()), [['Acme', '_id'], ['Acme', '_id'], ['_id', 'fresh']]);
});

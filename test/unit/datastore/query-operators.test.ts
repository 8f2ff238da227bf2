import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dsTest, type DsContext } from '../../helpers/datastore-backends.js';

const PEOPLE = [
  { name: 'Joe', age: 30, city: 'Oslo', tags: ['a', 'b'], contacts: [{ name: 'Anderson', age: 35 }, { name: 'Bo', age: 20 }], born: '1994-05-01T00:00:00.000Z', nested: { x: 1, list: [1, 2, 3] }, active: true },
  { name: 'Jane', age: 25, city: 'Bergen', tags: ['b'], contacts: [{ name: 'Anderson', age: 40 }], born: '1999-01-01T00:00:00.000Z', nested: { x: 2, list: [] }, active: false },
  { name: 'joey', age: '31', city: null, tags: [], born: '2001-12-31T00:00:00.000Z', nested: { x: 3 } },
  { name: 'Donald', age: 70, tags: ['c', 'a'], score: 5.5 },
  { name: 'Ann', age: -3, city: 'Oslo', email: '' },
];

type Case = [id: string, query: Record<string, unknown>, expected: string[]];

const CASES: Case[] = [
  ['QL-01 equality', { city: 'Oslo' }, ['Joe', 'Ann']],
  ['QL-01 several fields are AND', { city: 'Oslo', age: 30 }, ['Joe']],
  ['QL-01 case sensitive', { city: 'oslo' }, []],
  ['QL-01 booleans and floats', { active: false }, ['Jane']],
  ['QL-01 score 5.5', { score: 5.5 }, ['Donald']],
  ['QL-01 null matches null and missing', { city: null }, ['joey', 'Donald']],
  ['QL-02 dot path', { 'nested.x': 2 }, ['Jane']],
  ['QL-02 array position', { 'tags.0': 'c' }, ['Donald']],
  ['QL-02 path through array of objects', { 'contacts.name': 'Bo' }, ['Joe']],
  ['QL-02 index then field', { 'contacts.1.age': 20 }, ['Joe']],
  ['QL-03 $regex string with $options', { name: { $regex: '^jo', $options: 'i' } }, ['Joe', 'joey']],
  ['QL-03 $regex with global flag stays stateless', { name: { $regex: 'o', $options: 'gi' } }, ['Joe', 'joey', 'Donald']],
  ['QL-03 native RegExp value', { name: /^Jo/ }, ['Joe']],
  ['QL-03 RegExp inside $regex', { name: { $regex: /^jo/i } }, ['Joe', 'joey']],
  ['QL-04 $startsWith', { name: { $startsWith: 'Jo' } }, ['Joe']],
  ['QL-04 $endsWith', { name: { $endsWith: 'ne' } }, ['Jane']],
  ['QL-05 $not value means not equal', { city: { $not: 'Oslo' } }, ['Jane', 'joey', 'Donald']],
  ['QL-05 $not RegExp means no match', { name: { $not: /^J/ } }, ['joey', 'Donald', 'Ann']],
  ['QL-05 $not operator object', { age: { $not: { $gt: 29 } } }, ['Jane', 'joey', 'Ann']],
  ['QL-06 $in', { city: { $in: ['Oslo', 'Bergen'] } }, ['Joe', 'Jane', 'Ann']],
  ['QL-06 $in with RegExp', { city: { $in: [/^Ber/] } }, ['Jane']],
  ['QL-06 $in on array field', { tags: { $in: ['c'] } }, ['Donald']],
  ['QL-06 $nin', { city: { $nin: ['Oslo'] } }, ['Jane', 'joey', 'Donald']],
  ['QL-06 $nin on array field', { tags: { $nin: ['a'] } }, ['Jane', 'joey', 'Ann']],
  ['QL-07 $or', { $or: [{ city: 'Bergen' }, { age: 70 }] }, ['Jane', 'Donald']],
  ['QL-07 $and', { $and: [{ city: 'Oslo' }, { age: { $lt: 0 } }] }, ['Ann']],
  ['QL-07 $or inside $and', { $and: [{ $or: [{ name: 'Joe' }, { name: 'Ann' }] }, { city: 'Oslo' }] }, ['Joe', 'Ann']],
  ['QL-07 $nor', { $nor: [{ city: 'Oslo' }, { tags: 'c' }] }, ['Jane', 'joey']],
  ['QL-08 $gt on numbers ignores other types', { age: { $gt: 25 } }, ['Joe', 'Donald']],
  ['QL-08 $gte and $lt together', { age: { $gte: 25, $lt: 70 } }, ['Joe', 'Jane']],
  ['QL-08 $lte negative', { age: { $lte: 0 } }, ['Ann']],
  ['QL-08 $gt on strings', { name: { $gt: 'J' } }, ['Joe', 'Jane', 'joey']],
  ['QL-08 numeric string operand compares with numbers', { age: { $gt: '26' } }, ['Joe', 'joey', 'Donald']],
  ['QL-08 $lt with a Date', { born: { $lt: new Date('2000-01-01') } }, ['Joe', 'Jane']],
  ['QL-08 $ne', { age: { $ne: 30 } }, ['Jane', 'joey', 'Donald', 'Ann']],
  ['QL-08 $eq', { age: { $eq: 70 } }, ['Donald']],
  ['QL-09 $exists true', { email: { $exists: true } }, ['Ann']],
  ['QL-09 $exists false', { city: { $exists: false } }, ['Donald']],
  ['QL-09 $exists on list.0', { 'tags.0': { $exists: true } }, ['Joe', 'Jane', 'Donald']],
  ['QL-09 $exists on nested list.0', { 'nested.list.0': { $exists: true } }, ['Joe']],
  ['QL-10 $elemMatch with fields', { contacts: { $elemMatch: { name: 'Anderson', age: 35 } } }, ['Joe']],
  ['QL-10 $elemMatch with operators', { contacts: { $elemMatch: { age: { $gt: 36 } } } }, ['Jane']],
  ['QL-10 $elemMatch on scalars', { 'nested.list': { $elemMatch: { $gt: 2 } } }, ['Joe']],
  ['QL-11 $date range', { born: { $gt: { $date: '1995-01-01' }, $lt: { $date: '2000-01-01' } } }, ['Jane']],
  ['QL-11 $date equality', { born: { $date: '1999-01-01' } }, ['Jane']],
  ['QL-12 equality on array contains', { tags: 'a' }, ['Joe', 'Donald']],
  ['QL-12 $all', { tags: { $all: ['a', 'b'] } }, ['Joe']],
  ['QL-12 whole-array equality', { tags: ['b'] }, ['Jane']],
  ['QL-12 $size', { tags: { $size: 2 } }, ['Joe', 'Donald']],
  ['QL-13 Date instance equality', { born: new Date('1994-05-01T00:00:00.000Z') }, ['Joe']],
  ['DB-29 undefined query fields are dropped, as JSON would', { city: undefined, age: { $gt: 25, $lt: undefined } }, ['Joe', 'Donald']],
];

const INDEXED = ['name', 'age', 'city', 'tags', 'born', 'nested.x', 'contacts.name', 'email', 'active', 'score'];

async function names(ctx: DsContext, query: Record<string, unknown>): Promise<string[]> {
  const docs = (await ctx.conn.getMany('people', query).toArray()) as { name: string }[];
  return docs.map((d) => d.name);
}

dsTest('QL-01…13 operators: every case matches the expected documents, with and without indexes', async (ctx) => {
  for (const p of PEOPLE) await ctx.conn.insertOne('people', p);
  for (const [id, query, expected] of CASES) assert.deepEqual(await names(ctx, query), expected, `${id} (no index)`);
  await ctx.conn.createIndex('people', INDEXED);
  for (const [id, query, expected] of CASES) assert.deepEqual(await names(ctx, query), expected, `${id} (indexed)`);
  // Running the same RegExp twice must give the same answer (no lastIndex state).
  assert.deepEqual(await names(ctx, { name: { $regex: 'o', $options: 'g' } }), await names(ctx, { name: { $regex: 'o', $options: 'g' } }));
});

dsTest('QL errors: unknown or malformed operators reject with LH_DB_INVALID_QUERY, never match everything', async (ctx) => {
  await ctx.conn.insertOne('people', PEOPLE[0]);
  const bad: unknown[] = [
    { age: { $foo: 1 } },
    { $where: 'this.age > 1' },
    { age: { $in: 5 } },
    { age: { $nin: 'x' } },
    { name: { $regex: '(' } },
    { name: { $regex: 5 } },
    { name: { $options: 'i' } },
    { age: { $gt: 1, plain: 2 } },
    { $or: [] },
    { $and: {} },
    { tags: { $all: 'a' } },
    { born: { $gt: { $date: 'not a date' } } },
    { contacts: { $elemMatch: 3 } },
    { '': 1 },
  ];
  for (const q of bad) {
    await assert.rejects(ctx.conn.getMany('people', q).toArray(), { code: 'LH_DB_INVALID_QUERY', status: 400 }, JSON.stringify(q));
    await assert.rejects(ctx.conn.findOneOrNull('people', q), { code: 'LH_DB_INVALID_QUERY' });
  }
  await assert.rejects(ctx.conn.getMany('people', [1, 2]).toArray(), { code: 'LH_DB_INVALID_QUERY' });
});

dsTest('QL indexes: equality, $in, ranges and $startsWith on an indexed field avoid the full scan', async (ctx) => {
  for (let i = 0; i < 50; i++) await ctx.conn.insertOne('items', { n: i, s: `k${String(i).padStart(2, '0')}`, even: i % 2 === 0 });
  await ctx.conn.createIndex('items', ['n', 's', 'even']);
  const cases: [Record<string, unknown>, number][] = [
    [{ n: 7 }, 1],
    [{ n: { $in: [1, 2, 99] } }, 2],
    [{ n: { $gte: 10, $lt: 20 } }, 10],
    [{ n: { $gt: 45 } }, 4],
    [{ s: { $startsWith: 'k1' } }, 10],
    [{ s: { $lte: 'k05' } }, 6],
    [{ even: true, n: { $lt: 10 } }, 5],
    [{ $and: [{ n: { $gte: 48 } }] }, 2],
    [{ _id: { $in: [] } }, 0],
  ];
  for (const [query, count] of cases) {
    ctx.store.reset();
    assert.equal((await ctx.conn.getMany('items', query).toArray()).length, count, JSON.stringify(query));
    assert.equal(ctx.store.docScans('items'), 0, `index used for ${JSON.stringify(query)}`);
  }
  // Default order stays insertion order when an index range is used.
  const ns = ((await ctx.conn.getMany('items', { n: { $in: [30, 3, 10] } }).toArray()) as { n: number }[]).map((d) => d.n);
  assert.deepEqual(ns, [3, 10, 30]);
  ctx.store.reset();
  await ctx.conn.getMany('items', { unindexed: 1 }).toArray();
  assert.equal(ctx.store.docScans('items'), 1, 'unindexed queries still work, by scanning');
});

dsTest('QL indexes: _id lookups by equality, $in and ranges read documents directly', async (ctx) => {
  const docs = [];
  for (let i = 0; i < 5; i++) docs.push((await ctx.conn.insertOne('c', { i })) as { _id: string });
  ctx.store.reset();
  assert.equal(((await ctx.conn.getMany('c', { _id: docs[2]!._id }).toArray())[0] as { i: number }).i, 2);
  assert.equal((await ctx.conn.getMany('c', { _id: { $in: [docs[0]!._id, docs[4]!._id] } }).toArray()).length, 2);
  assert.equal(ctx.store.docScans('c'), 0);
  const ranged = (await ctx.conn.getMany('c', { _id: { $gt: docs[1]!._id, $lte: docs[3]!._id } }).toArray()) as { i: number }[];
  assert.deepEqual(ranged.map((d) => d.i), [2, 3]);
});

test('QL engine: a query is compiled once and reused (compileQuery returns a predicate)', async () => {
  const { compileQuery } = await import('../../../runtime/datastore/query/compile.js');
  const pred = compileQuery({ a: { $gt: 1 }, 'b.c': /x/ });
  assert.equal(pred({ a: 2, b: { c: 'xyz' } }), true);
  assert.equal(pred({ a: 2, b: { c: 'y' } }), false);
  assert.equal(pred({ a: 1, b: { c: 'x' } }), false);
  assert.equal(compileQuery({})({ anything: 1 }), true);
});

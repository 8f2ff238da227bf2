import assert from 'node:assert/strict';
import { cloningBackend, dsTest } from '../../helpers/datastore-backends.js';
import { createConn } from '../../../sdk/conn.js';

type Doc = Record<string, any>;
type MongoQuery = { filter: Record<string, unknown>; hints: Record<string, unknown>; limit?: number; offset?: number };

/** crudlify's own URL → query parser (codehooks-js 1.4.3), so the test sends exactly what crudlify sends. */
async function q2m(): Promise<(query: Record<string, string>, headers?: unknown) => MongoQuery> {
  const spec = 'codehooks-js/crudlify/lib/query/q2m/index.mjs';
  const mod = (await import(spec)) as { getMongoQuery: (q: Record<string, string>, h?: unknown) => MongoQuery };
  return (q, h) => {
    const debug = console.debug;
    console.debug = () => undefined;
    try {
      return mod.getMongoQuery(q, h ?? {});
    } finally {
      console.debug = debug;
    }
  };
}

class FakeRes {
  headers: Record<string, string> = {};
  body = '';
  code = 200;
  set(k: string, v: string): this {
    this.headers[k.toLowerCase()] = v;
    return this;
  }
  status(c: number): this {
    this.code = c;
    return this;
  }
  write(s: string): void {
    this.body += s;
  }
  end(s?: string): void {
    if (s) this.body += s;
  }
}

const PEOPLE = [
  { name: 'Joe', age: 30, city: 'Oslo', tags: ['a'], createdAt: '2026-02-01T00:00:00.000Z' },
  { name: 'joey', age: 22, city: 'Bergen', tags: ['b'], createdAt: '2025-06-01T00:00:00.000Z' },
  { name: 'Ann', age: 41, city: 'Tromsø', tags: ['a', 'b'], createdAt: '2026-05-01T00:00:00.000Z' },
  { name: 'Bob', age: 35, city: 'Oslo', createdAt: '2024-01-01T00:00:00.000Z' },
];

/** GET /:collection as readManyFunc does it: `(await conn.getMany(c, mq.filter, mq)).json(res)`. */
async function list(conn: ReturnType<typeof createConn>, parse: Awaited<ReturnType<typeof q2m>>, query: Record<string, string>): Promise<Doc[]> {
  const mongoQuery = parse(query);
  const res = new FakeRes();
  await (await conn.getMany('people', mongoQuery.filter, mongoQuery)).json(res);
  assert.equal(res.code, 200, res.body);
  assert.equal(res.headers['content-type'], 'application/json');
  return JSON.parse(res.body) as Doc[];
}

dsTest('CONTRACT-23 / CRUD-12 crudlify list queries: form B params, RegExp and Date values, hints options', async ({ ds }) => {
  const conn = createConn(cloningBackend(ds));
  const parse = await q2m();
  for (const p of PEOPLE) await conn.insertOne('people', p);
  const names = async (q: Record<string, string>): Promise<string[]> => (await list(conn, parse, q)).map((d) => d.name);
  assert.deepEqual(await names({}), ['Joe', 'joey', 'Ann', 'Bob']);
  assert.deepEqual(await names({ name: '/^jo/i' }), ['Joe', 'joey'], 'RegExp value');
  assert.deepEqual(await names({ 'name!': '/^jo/i' }), ['Ann', 'Bob'], '!= with a RegExp → $not');
  assert.deepEqual(await names({ 'age>': '30' }), ['Joe', 'Ann', 'Bob'], 'age>=30 → $gte');
  assert.deepEqual(await names({ 'age<': '30' }), ['Joe', 'joey'], 'age<=30 → $lte');
  assert.deepEqual(await names({ city: 'Oslo,Bergen' }), ['Joe', 'joey', 'Bob'], 'a,b → $in');
  assert.deepEqual(await names({ 'city!': 'Oslo' }), ['joey', 'Ann'], '!= → $ne');
  assert.deepEqual(await names({ 'createdAt>': '2026-01-01' }), ['Joe', 'Ann'], 'ISO date → Date instance');
  assert.deepEqual(await names({ tags: '' }), ['Joe', 'joey', 'Ann'], 'bare field → $exists');
  assert.deepEqual(await names({ '!tags': '' }), ['Bob'], '!field → not exists');
  assert.deepEqual(await names({ 'age:in': '22,41' }), ['joey', 'Ann'], 'f:op=v → {$op: v}');
  assert.deepEqual(await names({ sort: '-age', limit: '2' }), ['Ann', 'Bob'], 'sort and limit in hints + top-level');
  assert.deepEqual(await names({ sort: 'city,-age', offset: '1', limit: '2' }), ['Bob', 'Joe'], 'offset from hints.skip and options.offset');
  const projected = await list(conn, parse, { fields: 'name', city: 'Bergen' });
  assert.deepEqual(Object.keys(projected[0]!).sort(), ['_id', 'name'], 'fields → hints.projection');
  const omitted = await list(conn, parse, { omit: 'tags,createdAt', name: 'Ann' });
  assert.deepEqual(Object.keys(omitted[0]!).sort(), ['_id', 'age', 'city', 'name']);
});

dsTest('CRUD-10 crudlify form A: q and h JSON (with $options gi and $fields)', async ({ ds }) => {
  const conn = createConn(cloningBackend(ds));
  const parse = await q2m();
  for (const p of PEOPLE) await conn.insertOne('people', p);
  const rows = await list(conn, parse, {
    q: JSON.stringify({ name: { $regex: 'o', $options: 'gi' } }),
    h: JSON.stringify({ sort: { age: -1 }, $fields: { name: 1 }, limit: 2 }),
  });
  assert.deepEqual(rows.map((r) => r.name), ['Bob', 'Joe']);
  assert.deepEqual(Object.keys(rows[0]!).sort(), ['_id', 'name']);
  const count = await list(conn, parse, { q: '{"city":"Oslo"}', h: '{"$onlycount":true}' });
  assert.deepEqual(count, [{ count: 2 }]);
  const bad = parse({ q: '{"age":{"$bogus":1}}' });
  const res = new FakeRes();
  await (await conn.getMany('people', bad.filter, bad)).json(res);
  assert.equal(res.code, 400);
  assert.match(JSON.parse(res.body).error, /\$bogus/);
});

dsTest('CRUD-07…13 crudlify write calls: getOne, replaceOne, updateOne, updateMany, removeOne, removeMany', async ({ ds }) => {
  const conn = createConn(cloningBackend(ds));
  const parse = await q2m();
  const created = (await conn.insertOne('people', { name: 'Joe', age: 30 })) as Doc;
  const ID = created._id as string;
  await conn.insertOne('people', { name: 'Ann', age: 41 });
  assert.deepEqual(await conn.getOne('people', ID), created);
  await assert.rejects(conn.getOne('people', 'missing'), (e: any) => e.code === 'LH_DB_NOT_FOUND' && /not found/i.test(e.message));
  // PUT: body._id removed, validated, put back, replaceOne(coll, ID, document, {})
  const put = (await conn.replaceOne('people', ID, { name: 'Joseph', _id: ID }, {})) as Doc;
  assert.deepEqual(put, { _id: ID, name: 'Joseph' });
  // PATCH /:ID: updateOne(coll, ID, body, {}) with a plain body or operators
  assert.equal(((await conn.updateOne('people', ID, { age: 31 }, {})) as Doc).age, 31);
  assert.equal(((await conn.updateOne('people', ID, { $inc: { age: 1 } }, {})) as Doc).age, 32);
  // PATCH /_byquery: updateMany(coll, mq.filter, body, mq)
  const mq = parse({ 'age>': '30' });
  assert.deepEqual(await conn.updateMany('people', mq.filter, { $set: { senior: true } }, mq), { count: 2 });
  // DELETE /:ID: removeOne(coll, ID, {})
  assert.deepEqual(await conn.removeOne('people', ID, {}), { _id: ID });
  // DELETE /_byquery: removeMany(coll, mq.filter, mq)
  const del = parse({ senior: 'true' });
  assert.deepEqual(await conn.removeMany('people', del.filter, del), { count: 1 });
  assert.deepEqual(await conn.count('people'), { count: 0 });
});

dsTest('CONTRACT-23/CRUD-18/MDB-04 legacy codehooks-crudlify 1.0.x: getMany(coll, {filter, hints, limit, offset})', async ({ ds }) => {
  const conn = createConn(cloningBackend(ds));
  for (const p of PEOPLE) await conn.insertOne('people', p);
  const rows = (await conn.getMany('people', { filter: { city: 'Oslo' }, hints: { $fields: { name: 1, _id: 0 } }, limit: 1, offset: 1 }).toArray()) as Doc[];
  assert.deepEqual(rows, [{ name: 'Bob' }]);
});

import assert from 'node:assert/strict';
import { dsTest, type DsContext } from '../../helpers/datastore-backends.js';

type Row = { _id?: string; name?: string; group?: string; n?: number; meta?: { a?: number; b?: number } };

async function seed(ctx: DsContext): Promise<void> {
  const rows = [
    { name: 'e', group: 'x', n: 5, meta: { a: 1, b: 2 } },
    { name: 'a', group: 'y', n: 1, meta: { a: 2, b: 3 } },
    { name: 'd', group: 'x', n: 4, meta: { a: 3, b: 4 } },
    { name: 'b', group: 'y', n: 2, meta: { a: 4, b: 5 } },
    { name: 'c', group: 'x', n: 3, meta: { a: 5, b: 6 } },
  ];
  for (const r of rows) await ctx.conn.insertOne('rows', r);
}

const names = (rows: unknown[]): string[] => (rows as Row[]).map((r) => r.name!);

dsTest('DB-02 getMany: default order is insertion order (_id order)', async (ctx) => {
  await seed(ctx);
  const rows = (await ctx.conn.getMany('rows').toArray()) as Row[];
  assert.deepEqual(names(rows), ['e', 'a', 'd', 'b', 'c']);
  const ids = rows.map((r) => r._id!);
  assert.deepEqual([...ids].sort(), ids);
  for (const id of ids) assert.match(id, /^[0-9a-f]{24}$/);
});

dsTest('DB-09 sort: single key, descending, multi-key and by _id', async (ctx) => {
  await seed(ctx);
  assert.deepEqual(names(await ctx.conn.getMany('rows', {}, { sort: { name: 1 } }).toArray()), ['a', 'b', 'c', 'd', 'e']);
  assert.deepEqual(names(await ctx.conn.getMany('rows', {}, { sort: { n: -1 } }).toArray()), ['e', 'd', 'c', 'b', 'a']);
  assert.deepEqual(names(await ctx.conn.getMany('rows', {}, { sort: { group: 1, n: -1 } }).toArray()), ['e', 'd', 'c', 'b', 'a']);
  assert.deepEqual(names(await ctx.conn.getMany('rows', {}, { sort: { group: -1, name: 1 } }).toArray()), ['a', 'b', 'c', 'd', 'e']);
  assert.deepEqual(names(await ctx.conn.getMany('rows', {}, { sort: { _id: -1 } }).toArray()), ['c', 'b', 'd', 'a', 'e']);
  assert.deepEqual(names(await ctx.conn.getMany('rows', {}, { sort: { 'meta.a': -1 } }).toArray()), ['c', 'b', 'd', 'a', 'e']);
});

dsTest('DB-09 limit and offset, alone, together and with sort', async (ctx) => {
  await seed(ctx);
  assert.deepEqual(names(await ctx.conn.getMany('rows', {}, { limit: 2 }).toArray()), ['e', 'a']);
  assert.deepEqual(names(await ctx.conn.getMany('rows', {}, { offset: 3 }).toArray()), ['b', 'c']);
  assert.deepEqual(names(await ctx.conn.getMany('rows', {}, { limit: 2, offset: 1 }).toArray()), ['a', 'd']);
  assert.deepEqual(names(await ctx.conn.getMany('rows', {}, { sort: { name: 1 }, limit: 2, offset: 1 }).toArray()), ['b', 'c']);
  assert.deepEqual(names(await ctx.conn.getMany('rows', { group: 'x' }, { limit: 0 }).toArray()), ['e', 'd', 'c']);
  assert.deepEqual(names(await ctx.conn.getMany('rows', {}, { sort: { _id: -1 }, limit: 1 }).toArray()), ['c']);
});

dsTest('DB-09 a sort with a limit answers what a whole sort would: ties in _id order, offsets, more than a store chunk', async (ctx) => {
  // 1,300 rows (more than one 256-entry store read, and past the 1,000 a sort with a limit places one by one),
  // with many ties on `g` and on `g, v`.
  const rows = Array.from({ length: 1300 }, (_, i) => ({ i, g: (i * 7) % 5, v: (i * 13) % 11 }));
  for (let i = 0; i < rows.length; i += 100) await Promise.all(rows.slice(i, i + 100).map((r) => ctx.conn.insertOne('many', r)));
  const inserted = ((await ctx.conn.getMany('many').toArray()) as { i: number; g: number; v: number }[]).map((r) => r.i);
  const byId = inserted.map((i) => rows[i]!);
  const expect = (cmp: (a: (typeof rows)[0], b: (typeof rows)[0]) => number, offset: number, limit: number) =>
    [...byId].sort(cmp).slice(offset, offset + limit).map((r) => r.i);
  const got = async (sort: Record<string, 1 | -1>, offset: number, limit: number) =>
    ((await ctx.conn.getMany('many', {}, { sort, offset, limit }).toArray()) as { i: number }[]).map((r) => r.i);
  const gDesc = (a: (typeof rows)[0], b: (typeof rows)[0]) => b.g - a.g;
  const gAscVDesc = (a: (typeof rows)[0], b: (typeof rows)[0]) => a.g - b.g || b.v - a.v;
  for (const [offset, limit] of [[0, 1], [0, 10], [5, 7], [250, 300], [0, 999], [1, 999], [0, 1200], [1290, 50]] as const) {
    assert.deepEqual(await got({ g: -1 }, offset, limit), expect(gDesc, offset, limit), `g desc, offset ${offset}, limit ${limit}`);
    assert.deepEqual(await got({ g: 1, v: -1 }, offset, limit), expect(gAscVDesc, offset, limit), `g asc v desc, offset ${offset}, limit ${limit}`);
  }
  // Matching first, then sorting: only the rows of one group, newest `i` first.
  const one = (await ctx.conn.getMany('many', { g: 3 }, { sort: { i: -1 }, limit: 4 }).toArray()) as { i: number; g: number }[];
  assert.deepEqual(one.map((r) => r.i), byId.filter((r) => r.g === 3).map((r) => r.i).sort((a, b) => b - a).slice(0, 4));
  assert.equal((await ctx.conn.count('many', { g: 3 })).count, byId.filter((r) => r.g === 3).length);
});

dsTest('DB-09 projection: include, exclude, _id handling and dot paths', async (ctx) => {
  await seed(ctx);
  const inc = (await ctx.conn.getMany('rows', { name: 'a' }, { hints: { $fields: { name: 1, n: 1 } } }).toArray()) as Row[];
  assert.deepEqual(Object.keys(inc[0]!).sort(), ['_id', 'n', 'name']);
  const noId = (await ctx.conn.getMany('rows', { name: 'a' }, { hints: { $fields: { name: 1, _id: 0 } } }).toArray()) as Row[];
  assert.deepEqual(noId, [{ name: 'a' }]);
  const exc = (await ctx.conn.getMany('rows', { name: 'a' }, { hints: { $fields: { meta: 0, group: 0 } } }).toArray()) as Row[];
  assert.deepEqual(Object.keys(exc[0]!).sort(), ['_id', 'n', 'name']);
  const docsSpelling = (await ctx.conn.getMany('rows', { name: 'a' }, { hints: { $fields: { meta: 0, _id_: 0 } } }).toArray()) as Row[];
  assert.deepEqual(docsSpelling, [{ name: 'a', group: 'y', n: 1 }]);
  const dotted = (await ctx.conn.getMany('rows', { name: 'a' }, { hints: { $fields: { 'meta.b': 1, _id: 0 } } }).toArray()) as Row[];
  assert.deepEqual(dotted, [{ meta: { b: 3 } }]);
  const dotExc = (await ctx.conn.getMany('rows', { name: 'a' }, { hints: { $fields: { 'meta.b': 0, _id: 0, group: 0, n: 0, name: 0 } } }).toArray()) as Row[];
  assert.deepEqual(dotExc, [{ meta: { a: 2 } }]);
  await assert.rejects(ctx.conn.getMany('rows', {}, { hints: { $fields: { a: 1, b: 0 } } }).toArray(), { code: 'LH_DB_INVALID_QUERY' });
});

dsTest('DB-10 option spellings: hints.sort/$sort, hints.limit/$limit, offset/skip, fields, projection', async (ctx) => {
  await seed(ctx);
  const spellings: [unknown, string[]][] = [
    [{ hints: { sort: { name: 1 } } }, ['a', 'b', 'c', 'd', 'e']],
    [{ hints: { $sort: { name: -1 } } }, ['e', 'd', 'c', 'b', 'a']],
    [{ hints: { limit: 2 } }, ['e', 'a']],
    [{ hints: { $limit: 1 } }, ['e']],
    [{ hints: { offset: 4 } }, ['c']],
    [{ hints: { $offset: 4 } }, ['c']],
    [{ hints: { skip: 4 } }, ['c']],
    [{ skip: 4 }, ['c']],
    [{ limit: '2', offset: '1' }, ['a', 'd']],
    [{ sort: 'group,-n' }, ['e', 'd', 'c', 'b', 'a']],
  ];
  for (const [opts, expected] of spellings) assert.deepEqual(names(await ctx.conn.getMany('rows', {}, opts).toArray()), expected, JSON.stringify(opts));
  for (const opts of [{ hints: { fields: { name: 1, _id: 0 } } }, { hints: { projection: { name: 1, _id: 0 } } }, { fields: { name: 1, _id: 0 } }, { fields: 'name' }]) {
    const rows = (await ctx.conn.getMany('rows', { name: 'b' }, opts).toArray()) as Row[];
    assert.deepEqual(Object.keys(rows[0]!).filter((k) => k !== '_id'), ['name'], JSON.stringify(opts));
  }
  await assert.rejects(ctx.conn.getMany('rows', {}, { limit: -1 }).toArray(), { code: 'LH_DB_INVALID_QUERY' });
  await assert.rejects(ctx.conn.getMany('rows', {}, { sort: { n: 2 } }).toArray(), { code: 'LH_DB_INVALID_QUERY' });
});

dsTest('DB-10 options.filter stands in for the query; legacy getMany(coll, {filter, hints, limit, offset})', async (ctx) => {
  await seed(ctx);
  assert.deepEqual(names(await ctx.conn.getMany('rows', {}, { filter: { group: 'y' } }).toArray()), ['a', 'b']);
  assert.deepEqual(names(await ctx.conn.getMany('rows', undefined, { filter: { group: 'y' } }).toArray()), ['a', 'b']);
  const legacy = await ctx.conn.getMany('rows', { filter: { group: 'x' }, hints: { sort: { n: 1 } }, limit: 2, offset: 1 }).toArray();
  assert.deepEqual(names(legacy), ['d', 'e']);
  // A document field that happens to be called `filter` is still a query when other fields are present.
  await ctx.conn.insertOne('rows', { name: 'f', filter: 'on' });
  assert.deepEqual(names(await ctx.conn.getMany('rows', { filter: 'on', name: 'f' }).toArray()), ['f']);
});

dsTest('DB-09/DB-26 $onlycount: the stream yields one {count} (AMB 18); count(coll) resolves {count}', async (ctx) => {
  await seed(ctx);
  assert.deepEqual(await ctx.conn.getMany('rows', {}, { hints: { $onlycount: true } }).toArray(), [{ count: 5 }]);
  assert.deepEqual(await ctx.conn.find('rows', { group: 'x' }, { hints: { $onlycount: true } }).toArray(), [{ count: 3 }]);
  assert.deepEqual(await ctx.conn.getMany('missing', {}, { hints: { $onlycount: true } }).toArray(), [{ count: 0 }]);
  assert.deepEqual(await ctx.conn.count('rows'), { count: 5 });
  assert.deepEqual(await ctx.conn.count('rows', { n: { $gt: 3 } }), { count: 2 });
  assert.deepEqual(await ctx.conn.collection('rows').count(), { count: 5 });
});

dsTest('DB-32 getMany: no default limit; every matching document comes back (AMB 23)', async (ctx) => {
  // Past crudlify's documented 100 and past one 256-entry store read.
  const N = 300;
  for (let i = 0; i < N; i += 50) await Promise.all(Array.from({ length: 50 }, (_, j) => ctx.conn.insertOne('big', { i: i + j })));
  assert.equal((await ctx.conn.getMany('big').toArray()).length, N);
  assert.equal((await ctx.conn.getMany('big', { i: { $gte: 100 } }).toArray()).length, N - 100);
  assert.equal((await ctx.conn.collection('big').find({}).toArray()).length, N);
});

import assert from 'node:assert/strict';
import { dsTest } from '../../helpers/datastore-backends.js';

const names = (rows: unknown[]): string[] => (rows as { name: string }[]).map((r) => r.name);

async function seed(conn: { insertOne(c: unknown, d: unknown): Promise<unknown> }): Promise<void> {
  for (const [name, n] of [['e', 5], ['a', 1], ['d', 4], ['b', 2], ['c', 3]] as const) await conn.insertOne('rows', { name, n });
}

dsTest('DB-34 DataStream: .sort().limit().skip() before reading, as getMany options', async ({ conn }) => {
  await seed(conn);
  assert.deepEqual(names(await conn.getMany('rows', {}).sort({ n: -1 }).limit(2).toArray()), ['e', 'd']);
  assert.deepEqual(names(await conn.getMany('rows', {}).limit(2).skip(1).sort({ n: 1 }).toArray()), ['b', 'c'], 'order of the calls does not matter');
  assert.deepEqual(names(await conn.find('rows', { n: { $gt: 1 } }).sort({ n: 1 }).toArray()), ['b', 'c', 'd', 'e']);
  // A chained option overrides the same option given to the call; the others stay.
  assert.deepEqual(names(await conn.getMany('rows', {}, { sort: { n: 1 }, limit: 4 }).limit(1).toArray()), ['a']);
  assert.deepEqual(names(await conn.getMany('rows', {}, { sort: { n: 1 } }).skip(3).toArray()), ['d', 'e']);
});

dsTest('DB-34 DataStream: chaining through collection(name), forEach and for-await', async ({ conn }) => {
  await seed(conn);
  const seen: string[] = [];
  await conn.collection('rows').getMany({}).sort({ name: 1 }).limit(3).forEach((r) => void seen.push((r as { name: string }).name));
  assert.deepEqual(seen, ['a', 'b', 'c']);
  const iterated: string[] = [];
  for await (const r of conn.getMany('rows').sort({ name: -1 }).limit(2)) iterated.push((r as { name: string }).name);
  assert.deepEqual(iterated, ['e', 'd']);
});

dsTest('DB-34 DataStream: getAll takes .limit() and .skip(), refuses .sort()', async ({ conn }) => {
  for (const k of ['k1', 'k2', 'k3', 'k4']) await conn.set(k, k);
  assert.deepEqual((await conn.getAll('k').skip(1).limit(2).toArray()).map((p) => (p as { key: string }).key), ['k2', 'k3']);
  await assert.rejects(conn.getAll('k').sort({ key: 1 }).toArray(), /sort\(\) is not available/);
});

dsTest('DB-34 DataStream: bad chain values and chaining after reading are clear errors', async ({ conn }) => {
  await seed(conn);
  assert.throws(() => conn.getMany('rows').limit(-1), { code: 'LH_DB_INVALID_QUERY', message: /limit\(\) takes a non-negative integer/ });
  assert.throws(() => conn.getMany('rows').skip(1.5), { code: 'LH_DB_INVALID_QUERY' });
  await assert.rejects(conn.getMany('rows').sort({ n: 2 } as never).toArray(), { code: 'LH_DB_INVALID_QUERY' });
  const stream = conn.getMany('rows');
  await stream.toArray();
  assert.throws(() => stream.limit(1), { code: 'LH_DB_STREAM_CONSUMED', message: /must come before the DataStream is read/ });
});

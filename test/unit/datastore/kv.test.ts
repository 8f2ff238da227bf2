import assert from 'node:assert/strict';
import { dsTest, eventually } from '../../helpers/datastore-backends.js';
import { rangeUnder } from '../../../runtime/datastore/key-layout.js';

async function countKeys(store: { keys(r: unknown): AsyncIterable<string> }, prefix: string): Promise<number> {
  let n = 0;
  for await (const _ of store.keys(rangeUnder(prefix))) n++;
  return n;
}

dsTest('KV-01/02 set resolves the stored string; get returns strings or null; numbers read back as text', async ({ conn }) => {
  assert.equal(await conn.set('mykey', 'My value'), 'My value');
  assert.equal(await conn.get('mykey'), 'My value');
  assert.equal(await conn.set('mynumkey', 42), '42');
  assert.equal(await conn.get('mynumkey'), '42');
  assert.equal(await conn.get('missing'), null);
  assert.deepEqual(await Promise.all([conn.set('uno', 'one value'), conn.set('dos', 'two value')]), ['one value', 'two value']);
  assert.equal(await conn.set('mykey', 'overwritten'), 'overwritten');
  assert.equal(await conn.get('mykey'), 'overwritten');
  assert.equal(await conn.set('multi\nline', 'a\nb'), 'a\nb');
  assert.equal(await conn.get('multi\nline'), 'a\nb');
});

dsTest('KV-03 setObj/getObj round-trip objects; set(key, object) stores JSON text (AMB 25)', async ({ conn }) => {
  const obj = { session_id: 'f439', user_id: '1234567890', at: new Date('2026-01-01T00:00:00Z') };
  assert.deepEqual(await conn.setObj('s1', obj), { ...obj, at: '2026-01-01T00:00:00.000Z' });
  assert.deepEqual(await conn.getObj('s1'), { session_id: 'f439', user_id: '1234567890', at: '2026-01-01T00:00:00.000Z' });
  await conn.set('s2', { token: 'abc' });
  assert.equal(await conn.get('s2'), '{"token":"abc"}');
  assert.deepEqual(await conn.getObj('s2'), { token: 'abc' });
  await conn.set('plain', 'not json');
  assert.equal(await conn.getObj('plain'), 'not json');
  assert.equal(await conn.getObj('nothing'), null);
  await assert.rejects(conn.setObj('x', 'str'), { code: 'LH_KV_INVALID_VALUE' });
});

dsTest('KV-04/10 getAll: {key, val} for keys with the prefix, in ascending key order', async ({ conn }) => {
  for (const k of ['/Beta/West/wind', '/Alpha/West/temp', '/Alpha/Center/db', '/Alphabet', 'other']) await conn.set(k, k.length);
  const rows = await conn.getAll('/Alpha/').toArray();
  assert.deepEqual(rows, [{ key: '/Alpha/Center/db', val: '16' }, { key: '/Alpha/West/temp', val: '16' }]);
  assert.equal((await conn.getAll('').toArray()).length, 5);
  assert.equal((await conn.getAll('/Alpha*').toArray()).length, 3, 'a trailing * is a prefix');
  const seen: unknown[] = [];
  await new Promise<void>((resolve) => {
    conn.getAll('/B').on('data', (d: unknown) => seen.push(d)).on('end', () => resolve());
  });
  assert.deepEqual(seen, [{ key: '/Beta/West/wind', val: '15' }]);
  const awaited = await conn.getAll('other');
  assert.deepEqual(await awaited.toArray(), [{ key: 'other', val: '5' }], 'await on the stream gives the stream');
});

dsTest('KV-05 incr/decr: missing keys start at 0, resolve the new number', async ({ conn }) => {
  assert.equal(await conn.incr('myValue', 1), 1);
  assert.equal(await conn.decr('myValue', 1), 0);
  assert.equal(await conn.incr('myValue', 10), 10);
  assert.equal(await conn.incr('myValue'), 11);
  assert.equal(await conn.get('myValue'), '11');
  await conn.set('in-stock', 100);
  assert.equal(await conn.decr('in-stock', 3), 97);
  await conn.set('word', 'abc');
  await assert.rejects(conn.incr('word', 1), { code: 'LH_KV_INVALID_VALUE' });
  await assert.rejects(conn.incr('n', 'x'), { code: 'LH_KV_INVALID_VALUE' });
});

dsTest('KV-05 incr is atomic: 100 parallel incr end at exactly 100', async ({ conn }) => {
  const results = await Promise.all(Array.from({ length: 100 }, () => conn.incr('hits', 1)));
  assert.equal(await conn.get('hits'), '100');
  assert.deepEqual([...results].sort((a, b) => a - b), Array.from({ length: 100 }, (_, i) => i + 1));
  await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? conn.incr('mix', 2) : conn.decr('mix', 1))));
  assert.equal(await conn.get('mix'), '25');
});

dsTest('KV-06/07 del resolves the key or null (AMB 26); delAll resolves {count}', async ({ conn }) => {
  await conn.set('uno', 'one');
  assert.equal(await conn.del('uno'), 'uno');
  assert.equal(await conn.get('uno'), null);
  assert.equal(await conn.del('uno'), null);
  for (const k of ['my_special_1', 'my_special_2', 'my_other']) await conn.set(k, 'v');
  assert.deepEqual(await conn.delAll('my_special_'), { count: 2 });
  assert.deepEqual(await conn.getAll('my_').toArray(), [{ key: 'my_other', val: 'v' }]);
});

dsTest('KV-08 ttl: expired keys are invisible immediately (FakeClock), then swept in the background', async ({ conn, clock, store }) => {
  await conn.set('state-1', 'x', { ttl: 1000 });
  await conn.set('forever', 'y');
  await conn.incr('count', 1, { ttl: 500 });
  assert.equal(await conn.get('state-1'), 'x');
  await clock.advance(999);
  assert.equal(await conn.get('state-1'), 'x');
  assert.equal(await conn.get('count'), null, 'incr ttl applies');
  await clock.advance(1);
  assert.equal(await conn.get('state-1'), null);
  assert.deepEqual(await conn.getAll('').toArray(), [{ key: 'forever', val: 'y' }]);
  assert.equal(await conn.incr('count', 1), 1, 'an expired counter starts again at 0');
  assert.equal(await conn.del('state-1'), null);
  await conn.set('later', 'z', { ttl: 5000 });
  assert.equal(await countKeys(store, 'kv/'), 3, 'expired but not swept yet');
  await clock.advance(60_000);
  await eventually(async () => (await countKeys(store, 'kvttl/')) === 0, 'the sweep');
  assert.equal(await countKeys(store, 'kv/'), 2, 'the sweeper deleted the expired value and its TTL entry');
});

dsTest('KV-08 ttl: incr keeps an existing TTL; set without ttl clears it; stale TTL entries are dropped', async ({ conn, clock, ds }) => {
  await conn.set('k', 1, { ttl: 1000 });
  assert.equal(await conn.incr('k', 1), 2);
  await clock.advance(1000);
  assert.equal(await conn.get('k'), null, 'the TTL survived the incr');
  await conn.set('j', 'a', { ttl: 100 });
  await conn.set('j', 'b');
  await clock.advance(200);
  assert.equal(await ds.sweepExpired(), 1, 'k expired; j only had a stale TTL entry');
  assert.equal(await conn.get('j'), 'b');
  await assert.rejects(conn.set('k', 'v', { ttl: -5 }), { code: 'LH_KV_INVALID_OPTIONS' });
  await assert.rejects(conn.set('k', 'v', { keyspace: 5 }), { code: 'LH_KV_INVALID_OPTIONS' });
});

dsTest('KV-09 keyspace isolates every KV method; the default space is separate', async ({ conn }) => {
  const fs = { keyspace: 'foospace' };
  await conn.set('somekey', 'default');
  await conn.set('somekey', 'foo', fs);
  await conn.set('somekey', 'slash', { keyspace: 'a/b' });
  await conn.set('b/somekey', 'a', { keyspace: 'a' });
  assert.equal(await conn.get('somekey'), 'default');
  assert.equal(await conn.get('somekey', fs), 'foo');
  assert.equal(await conn.get('somekey', { keyspace: 'a/b' }), 'slash');
  assert.equal(await conn.get('b/somekey', { keyspace: 'a' }), 'a');
  assert.equal(await conn.incr('c', 1, fs), 1);
  assert.equal(await conn.get('c'), null);
  assert.deepEqual(await conn.getAll('', fs).toArray(), [{ key: 'c', val: '1' }, { key: 'somekey', val: 'foo' }]);
  assert.equal(await conn.del('somekey', fs), 'somekey');
  assert.equal(await conn.get('somekey'), 'default');
  assert.deepEqual(await conn.delAll('', fs), { count: 1 });
  assert.equal(await conn.get('somekey', { keyspace: 'a/b' }), 'slash');
  await conn.setObj('o', { a: 1 }, fs);
  assert.deepEqual(await conn.getObj('o', fs), { a: 1 });
  assert.equal(await conn.getObj('o'), null);
});

dsTest('KV-08 ttl survives a restart and the TTL index is keyed by expiry time', async (ctx) => {
  await ctx.conn.set('t', 'v', { ttl: 10_000 });
  await ctx.reopen();
  assert.equal(await ctx.conn.get('t'), 'v');
  await ctx.clock.advance(10_000);
  assert.equal(await ctx.conn.get('t'), null);
  assert.equal(await ctx.ds.sweepExpired(), 1);
});

dsTest('KV bad input: empty or non-string keys reject with LH_KV_INVALID_KEY', async ({ conn }) => {
  for (const key of ['', null, undefined, {}, 'x'.repeat(2000)]) await assert.rejects(conn.set(key, 'v'), { code: 'LH_KV_INVALID_KEY' });
  await assert.rejects(conn.get(''), { code: 'LH_KV_INVALID_KEY' });
  await assert.rejects(conn.set('k', undefined), { code: 'LH_KV_INVALID_VALUE' });
  await assert.rejects(conn.set('k', { f: () => 1 }), { code: 'LH_KV_INVALID_VALUE' });
  assert.equal(await conn.set(7, 'seven'), 'seven');
  assert.equal(await conn.get('7'), 'seven');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dsTest } from '../../helpers/datastore-backends.js';
import { KeyLock } from '../../../runtime/datastore/key-lock.js';
import { SharedKeyLock, stripeOf } from '../../../runtime/datastore/shared-key-lock.js';
import { checkCollection } from '../../../runtime/datastore/collection-name.js';
import { createDatastore } from '../../../runtime/datastore/index.js';
import { openStore, type Store } from '../../../runtime/storage/index.js';
import { STRIPES } from '../../../runtime/storage/direct-control.js';
import { plainErrors } from '../../../sdk/error-values.js';

// The short paths taken by a lone caller (issue 16) must keep the long paths' behaviour.

type Doc = Record<string, any>;

dsTest('DB-03 a generated _id is the first field; a given one stays where the caller put it', async ({ conn }) => {
  const made = (await conn.insertOne('c', { a: 1, b: { c: [1, 2] } })) as Doc;
  assert.deepEqual(Object.keys(made), ['_id', 'a', 'b']);
  for (const empty of [null, undefined]) {
    const d = (await conn.insertOne('c', { a: 1, _id: empty, b: 2 })) as Doc;
    assert.deepEqual(Object.keys(d), ['_id', 'a', 'b']);
    assert.match(d._id, /^[0-9a-f]{24}$/);
  }
  const given = (await conn.insertOne('c', { a: 1, _id: 'mine', b: 2 })) as Doc;
  assert.deepEqual(Object.keys(given), ['a', '_id', 'b']);
  assert.deepEqual(Object.keys((await conn.getOne('c', made._id)) as Doc), ['_id', 'a', 'b']);
});

dsTest('DB-29 an inserted document is stored as JSON data whatever its shape (plain, class, toJSON, Map)', async ({ conn }) => {
  const when = new Date(Date.UTC(2026, 0, 2));
  const plain = (await conn.insertOne('c', { when, skip: undefined, list: [undefined, NaN], err: new RangeError('r') })) as Doc;
  assert.deepEqual({ ...plain, _id: 'x', err: { name: plain.err.name, message: plain.err.message } }, {
    _id: 'x',
    when: when.toISOString(),
    list: [null, null],
    err: { name: 'RangeError', message: 'r' },
  });
  class Point {
    constructor(
      public x: number,
      public y: number,
    ) {}
  }
  const point = (await conn.insertOne('c', new Point(1, 2))) as Doc;
  assert.deepEqual(Object.keys(point), ['_id', 'x', 'y']);
  const custom = (await conn.insertOne('c', { a: 1, toJSON: () => ({ b: 2 }) })) as Doc;
  assert.deepEqual(Object.keys(custom).sort(), ['_id', 'b']);
  const fromMap = (await conn.insertOne('c', new Map<string, unknown>([['k', 1]]) as never)) as Doc;
  assert.equal(fromMap.k, 1);
});

dsTest('DB-04 bad documents keep their error codes and paths on the short path', async ({ conn }) => {
  await assert.rejects(conn.insertOne('c', { a: { f: () => 1 } } as never), { code: 'LH_DB_INVALID_DOCUMENT', message: /"a\.f"/ });
  await assert.rejects(conn.insertOne('c', JSON.parse('{"__proto__": {"x": 1}}')), { code: 'LH_DB_INVALID_DOCUMENT', message: /__proto__/ });
  const loop: Doc = { a: 1 };
  loop.self = loop;
  await assert.rejects(conn.insertOne('c', loop), { code: 'LH_DB_INVALID_DOCUMENT', message: /circular/ });
  await assert.rejects(conn.insertOne('c', 'text' as never), { code: 'LH_DB_INVALID_DOCUMENT' });
  await assert.rejects(conn.insertOne('a/b', { a: 1 }), { code: 'LH_DB_INVALID_COLLECTION' });
  assert.deepEqual(await conn.count('c'), { count: 0 }, 'nothing written half-way');
});

test('checkCollection: a name found valid once is accepted again; bad names are refused every time', () => {
  assert.equal(checkCollection('orders'), 'orders');
  assert.equal(checkCollection('orders'), 'orders');
  for (let i = 0; i < 2; i++) {
    for (const bad of ['', 'a/b', '..', 'x\u0000', 42, null]) assert.throws(() => checkCollection(bad), { code: 'LH_DB_INVALID_COLLECTION' });
  }
});

test('plainErrors: values without an Error come back as they are; Errors are replaced at any depth and in cycles', () => {
  const doc = { a: 1, b: [{ c: new Date(0) }], d: new Uint8Array(2) };
  assert.equal(plainErrors(doc), doc, 'no copy');
  let deep: Doc = { err: new TypeError('deep') };
  for (let i = 0; i < 60; i++) deep = { next: deep };
  let out = plainErrors(deep) as Doc;
  for (let i = 0; i < 60; i++) out = out.next;
  assert.equal(out.err instanceof Error, false);
  assert.deepEqual({ name: out.err.name, message: out.err.message }, { name: 'TypeError', message: 'deep' });
  const loop: Doc = { e: new Error('x') };
  loop.self = loop;
  const copy = plainErrors(loop) as Doc;
  assert.equal(copy.e instanceof Error, false);
  assert.equal(copy.self, loop, 'the cycle is left for the datastore to refuse');
  const withCycle: Doc = { a: 1 };
  withCycle.self = withCycle;
  assert.equal(plainErrors(withCycle), withCycle);
});

test('KeyLock: waiters run in arrival order; a throwing or failing holder passes the key on', async () => {
  const lock = new KeyLock();
  const log: string[] = [];
  let open!: () => void;
  const held = new Promise<void>((r) => (open = r));
  const first = lock.run('k', async () => {
    await held;
    log.push('first');
  });
  const rest = [1, 2, 3].map((i) =>
    lock.run('k', async () => {
      log.push(`w${i}`);
    }),
  );
  const thrower = lock.run('k', () => {
    throw new Error('sync');
  });
  const after = lock.run('k', async () => log.push('after'));
  open();
  await first;
  await Promise.all(rest);
  await assert.rejects(thrower, /sync/);
  await after;
  assert.deepEqual(log, ['first', 'w1', 'w2', 'w3', 'after']);
  await assert.rejects(lock.run('k', () => Promise.reject(new Error('async'))), /async/);
  const release = await lock.acquire('k');
  await runsOnlyOnceReleased(lock, release, 'acquire holds the key');
  const again = await lock.acquire('k');
  release(); // a second call of an old release changes nothing
  await runsOnlyOnceReleased(lock, again, 'the key stays with its holder');
  assert.equal(lock.size, 0, 'no key left held');
});

/** A run on the key held by `release` waits a turn without running, and runs once `release` is called. */
async function runsOnlyOnceReleased(lock: KeyLock, release: () => void, held: string): Promise<void> {
  let ran = false;
  const waiting = lock.run('k', async () => void (ran = true));
  await new Promise((r) => setImmediate(r));
  assert.equal(ran, false, held);
  release();
  await waiting;
  assert.equal(ran, true);
}

test('SharedKeyLock: a free stripe is taken and given back whether the holder succeeds, fails or throws', async () => {
  const stripes = new SharedArrayBuffer(4 * STRIPES);
  const cells = new Int32Array(stripes);
  const lock = new SharedKeyLock(stripes, 7);
  const key = 'k//counter';
  let seen = 0;
  assert.equal(await lock.run(key, async () => ((seen = Atomics.load(cells, stripeOf(key))), 'ok')), 'ok');
  assert.equal(seen, 7, 'held while the work runs');
  await assert.rejects(lock.run(key, () => Promise.reject(new Error('no'))), /no/);
  await assert.rejects(
    lock.run(key, () => {
      throw new Error('sync');
    }),
    /sync/,
  );
  // Two keys of one thread on one stripe wait for each other instead of sharing it.
  const other = Array.from({ length: 100_000 }, (_, i) => `k//x${i}`).find((k) => k !== key && stripeOf(k) === stripeOf(key))!;
  const order: string[] = [];
  await Promise.all([
    lock.run(key, async () => {
      order.push('a+');
      await new Promise((r) => setImmediate(r));
      order.push('a-');
    }),
    lock.run(other, async () => void order.push('b')),
  ]);
  assert.deepEqual(order, ['a+', 'a-', 'b']);
  assert.equal(cells.every((c) => c === 0), true, 'every stripe free again');
});

test('datastore close waits for a write still in the store', async () => {
  const inner = await openStore({ backend: 'memory' });
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const store: Store = {
    backend: inner.backend,
    get: (k) => inner.get(k),
    getMany: (k) => inner.getMany(k),
    put: (k, v) => inner.put(k, v),
    del: (k) => inner.del(k),
    batch: async (ops) => {
      await held;
      return inner.batch(ops);
    },
    entries: (r) => inner.entries(r),
    entryChunks: (r) => inner.entryChunks(r),
    keys: (r) => inner.keys(r),
    clear: (r) => inner.clear(r),
    close: () => inner.close(),
  };
  const ds = await createDatastore({ store, sweep: false });
  const write = ds.call('insertOne', ['c', { a: 1 }]);
  let closed = false;
  const closing = ds.close().then(() => (closed = true));
  await new Promise((r) => setImmediate(r));
  assert.equal(closed, false);
  release();
  await write;
  await closing;
  await assert.rejects(ds.call('insertOne', ['c', { a: 2 }]), { code: 'LH_DB_CLOSED' });
  await inner.close();
});

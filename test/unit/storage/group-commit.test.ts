import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GroupCommit } from '../../../runtime/storage/group-commit.js';
import { openStore, type BatchOp } from '../../../runtime/storage/index.js';

const put = (key: string): BatchOp => ({ type: 'put', key, value: key });

/** A write function that holds each write until `release()`, recording what it was given. */
function heldWrites() {
  const calls: string[][] = [];
  const open: (() => void)[] = [];
  const write = (ops: BatchOp[]) => {
    calls.push(ops.map((o) => o.key));
    if (ops.some((o) => o.key === 'bad')) return Promise.reject(new Error('bad write'));
    return new Promise<void>((r) => open.push(r));
  };
  const release = () => open.splice(0).forEach((r) => r());
  return { calls, write, release };
}

test('group commit: writes that arrive while one is in the store go in next as one batch, in order', async () => {
  const w = heldWrites();
  const gc = new GroupCommit(w.write);
  const acked: string[] = [];
  const first = gc.write([put('a')]).then(() => acked.push('a'));
  const rest = ['b', 'c', 'd'].map((k) => gc.write([put(k), put(`${k}2`)]).then(() => acked.push(k)));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(w.calls, [['a']]);
  assert.deepEqual(acked, [], 'nothing is acknowledged before its write is done');
  w.release();
  await first;
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(w.calls, [['a'], ['b', 'b2', 'c', 'c2', 'd', 'd2']]);
  assert.deepEqual(acked, ['a']);
  w.release();
  await Promise.all(rest);
  assert.deepEqual(acked, ['a', 'b', 'c', 'd']);
});

test('group commit: a combined batch that fails is retried caller by caller, so only the bad write fails', async () => {
  const calls: string[][] = [];
  let hold!: () => void;
  const held = new Promise<void>((r) => (hold = r));
  const gc = new GroupCommit((ops) => {
    calls.push(ops.map((o) => o.key));
    if (calls.length === 1) return held;
    return ops.some((o) => o.key === 'bad') ? Promise.reject(new Error('bad write')) : Promise.resolve();
  });
  const first = gc.write([put('a')]);
  const results = Promise.allSettled([gc.write([put('b')]), gc.write([put('bad')]), gc.write([put('c')])]);
  hold();
  await first;
  const [b, bad, c] = await results;
  assert.equal(b.status, 'fulfilled');
  assert.equal(bad.status, 'rejected');
  assert.match(String((bad as PromiseRejectedResult).reason), /bad write/);
  assert.equal(c.status, 'fulfilled');
  assert.deepEqual(calls, [['a'], ['b', 'bad', 'c'], ['b'], ['bad'], ['c']]);
});

test('storage: concurrent puts, dels and batches on LevelDB all land, each acknowledged after it is stored', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'lh-gc-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const store = await openStore({ backend: 'level', path: dir });
  t.after(() => store.close());
  await Promise.all(
    Array.from({ length: 200 }, async (_, i) => {
      const k = `k${String(i).padStart(3, '0')}`;
      if (i % 3 === 0) await store.batch([put(k), put(`${k}-idx`)]);
      else await store.put(k, k);
      assert.equal(await store.get(k), k);
      if (i % 10 === 0) await store.del(k);
    }),
  );
  const keys: string[] = [];
  for await (const k of store.keys()) keys.push(k);
  assert.equal(keys.filter((k) => !k.endsWith('-idx')).length, 180);
  assert.equal(keys.filter((k) => k.endsWith('-idx')).length, 67);
});

test('group commit: a lone write that fails, or whose write function throws, fails alone; later writes go on', async () => {
  const calls: string[][] = [];
  const gc = new GroupCommit((ops) => {
    calls.push(ops.map((o) => o.key));
    if (ops[0]!.key === 'throws') throw new Error('thrown');
    return ops[0]!.key === 'bad' ? Promise.reject(new Error('bad write')) : Promise.resolve();
  });
  await assert.rejects(gc.write([put('bad')]), /bad write/);
  await gc.write([put('a')]);
  await assert.rejects(gc.write([put('throws')]), /thrown/);
  const both = Promise.all([gc.write([put('b')]), gc.write([put('c')])]);
  await both;
  assert.deepEqual(calls, [['bad'], ['a'], ['throws'], ['b'], ['c']]);
});

test('storage: a batch of several operations with a bad one fails whole, and the store keeps working', async (t) => {
  for (const backend of ['level', 'memory'] as const) {
    const dir = await mkdtemp(join(tmpdir(), 'lh-gc-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const store = await openStore(backend === 'level' ? { backend, path: dir } : { backend });
    await store.batch([put('a'), { type: 'del', key: 'nothing' }, put('b')]);
    await assert.rejects(store.batch([put('c'), { type: 'put', key: 'd', value: undefined as unknown as string }]));
    assert.equal(await store.get('c'), undefined, `${backend}: nothing of the failed batch was written`);
    await store.batch([put('e'), { type: 'del', key: 'a' }]);
    assert.deepEqual(await store.getMany(['a', 'b', 'e']), [undefined, 'b', 'e']);
    await store.close();
  }
});

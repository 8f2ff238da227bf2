import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore, type BatchOp, type Store } from '../../../runtime/storage/index.js';
import { WriteBatcher } from '../../../runtime/queue/write-batcher.js';

/** A memory store that records each batch it was given. */
async function recordingStore(): Promise<{ store: Store; inner: Store; batches: string[][] }> {
  const inner = await openStore({ backend: 'memory' });
  const batches: string[][] = [];
  const store = {
    batch: (ops: BatchOp[]) => {
      batches.push(ops.map((o) => o.key));
      return inner.batch(ops);
    },
  } as Store;
  return { store, inner, batches };
}

const put = (key: string): BatchOp => ({ type: 'put', key, value: '1' });

test('queue write batcher: writes nobody awaits leave with the next awaited write, in order', async () => {
  const { store, batches } = await recordingStore();
  const w = new WriteBatcher(store);
  const lease = w.writeSoon([put('a')]);
  const done = w.writeSoon([put('b'), put('c')]);
  await w.write([put('d')]);
  await Promise.all([lease, done]);
  assert.deepEqual(batches, [['a', 'b', 'c', 'd']]);
});

test('queue write batcher: idle() writes what waits for company at once, and later moves land after earlier ones', async () => {
  const { store, inner, batches } = await recordingStore();
  const w = new WriteBatcher(store);
  void w.writeSoon([put('x')]);
  await w.idle();
  assert.equal(await inner.get('x'), '1');
  const first = w.write([put('y')]);
  void w.writeSoon([{ type: 'del', key: 'y' }]);
  await first;
  await w.idle();
  assert.equal(await inner.get('y'), undefined, 'the delete issued after the put landed after it');
  assert.deepEqual(batches.flat(), ['x', 'y', 'y']);
});

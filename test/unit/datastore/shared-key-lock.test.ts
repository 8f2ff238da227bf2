import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { SharedKeyLock, stripeOf } from '../../../runtime/datastore/shared-key-lock.js';
import { DirectControl, DirectGate, MAIN_OWNER, ownerOfSlot } from '../../../runtime/storage/direct-control.js';

const LOCK_MODULE = new URL('../../../runtime/datastore/shared-key-lock.js', import.meta.url).href;
const CONTROL_MODULE = new URL('../../../runtime/storage/direct-control.js', import.meta.url).href;

/** A real thread running `body` with `lock` (a SharedKeyLock of slot 0), `gate`, `counter` and `post` in scope. */
function thread(control: DirectControl, counter: SharedArrayBuffer, body: string): Worker {
  const code = `
    const { workerData, parentPort } = require('node:worker_threads');
    (async () => {
      const { SharedKeyLock } = await import(${JSON.stringify(LOCK_MODULE)});
      const { DirectGate, ownerOfSlot } = await import(${JSON.stringify(CONTROL_MODULE)});
      const lock = new SharedKeyLock(workerData.cells.stripes, ownerOfSlot(0));
      const gate = new DirectGate(workerData.cells, 0);
      const counter = new Int32Array(workerData.counter);
      const post = (m) => parentPort.postMessage(m);
      ${body}
    })().catch((e) => parentPort.postMessage({ error: String(e && e.stack || e) }));`;
  return new Worker(code, { eval: true, workerData: { cells: control.cells, counter } });
}

function next(worker: Worker): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    worker.once('message', (m: Record<string, unknown>) => (m.error ? reject(new Error(String(m.error))) : resolve(m)));
    worker.once('error', reject);
  });
}

/** A read-modify-write with an await in the middle: without the lock, the two threads lose increments. */
const BUMP = 'const v = Atomics.load(counter, 0); await new Promise((r) => setImmediate(r)); Atomics.store(counter, 0, v + 1);';

test('KV-05 the shared key lock serialises read-modify-write across threads: 2 × 300 increments end at 600', async () => {
  const control = new DirectControl();
  const counter = new SharedArrayBuffer(4);
  const cells = new Int32Array(counter);
  const lock = new SharedKeyLock(control.cells.stripes, MAIN_OWNER);
  const worker = thread(control, counter, `
    await Promise.all(Array.from({ length: 300 }, () => lock.run('k/default/hits', async () => { ${BUMP} })));
    post({ done: true });`);
  try {
    const mine = Promise.all(Array.from({ length: 300 }, () => lock.run('k/default/hits', async () => {
      const v = Atomics.load(cells, 0);
      await new Promise((r) => setImmediate(r));
      Atomics.store(cells, 0, v + 1);
    })));
    await Promise.all([mine, next(worker)]);
    assert.equal(Atomics.load(cells, 0), 600);
  } finally {
    await worker.terminate();
  }
});

test('a runner that dies holding a lock lets it go: the main thread takes the key at once', async () => {
  const control = new DirectControl();
  assert.equal(control.takeSlot(), 0);
  const worker = thread(control, new SharedArrayBuffer(4), `
    void lock.run('d/items/1', () => new Promise(() => {}));
    await new Promise((r) => setImmediate(r));
    post({ holding: true });`);
  await next(worker);
  const stripes = new Int32Array(control.cells.stripes);
  assert.equal(stripes[stripeOf('d/items/1')], ownerOfSlot(0));
  await worker.terminate();
  control.freeSlot(0);
  const lock = new SharedKeyLock(control.cells.stripes, MAIN_OWNER);
  assert.equal(await lock.run('d/items/1', async () => 'taken'), 'taken');
  assert.equal(stripes[stripeOf('d/items/1')], 0);
});

test('runAll over keys sharing a stripe, and nested u/ → d/ → cap/ locks, never wait for themselves', async () => {
  const control = new DirectControl();
  const lock = new SharedKeyLock(control.cells.stripes, MAIN_OWNER);
  // Find two document keys on one stripe.
  const seen = new Map<number, string>();
  let pair: [string, string] | null = null;
  for (let i = 0; !pair; i++) {
    const key = `d/items/${i}`;
    const s = stripeOf(key);
    const other = seen.get(s);
    if (other) pair = [other, key];
    seen.set(s, key);
  }
  assert.equal(await lock.runAll(pair, async () => 'both'), 'both');
  const nested = await lock.run('u/items', () => lock.runAll(['d/items/a', 'd/items/b'], () => lock.run('cap/items', async () => 'nested')));
  assert.equal(nested, 'nested');
  assert.ok(stripeOf('u/items') !== stripeOf('d/items/a') && stripeOf('d/items/a') !== stripeOf('cap/items'));
});

test('the gate: hold waits for a runner call in flight, and runner calls entering meanwhile are turned away', async () => {
  const control = new DirectControl();
  const slot = control.takeSlot()!;
  const gate = new DirectGate(control.cells, slot);
  assert.equal(gate.enter(), true);
  const order: string[] = [];
  const held = control.hold(async () => {
    order.push('held');
    assert.equal(gate.enter(), false, 'a call while the gate is held must go through the main thread');
  });
  const epoch = gate.epoch();
  await new Promise((r) => setImmediate(r));
  order.push('leave');
  gate.leave();
  await held;
  assert.deepEqual(order, ['leave', 'held']);
  assert.equal(gate.enter(), true, 'the gate opens again');
  gate.leave();
  assert.ok(gate.epoch() > epoch, 'metadata readers are told to look again');
});

test('DB-02 _id: two threads generating ids from the shared cells, clock standing still, stay strictly increasing together', async () => {
  const { ObjectIdGenerator, idCells } = await import('../../../runtime/datastore/object-id.js');
  const cells = idCells();
  const still = { now: () => 1_700_000_000_000, setTimeout: () => ({ cancel() {} }) };
  const mine = new ObjectIdGenerator(still, cells);
  const code = `
    const { workerData, parentPort } = require('node:worker_threads');
    import(${JSON.stringify(new URL('../../../runtime/datastore/object-id.js', import.meta.url).href)}).then(({ ObjectIdGenerator }) => {
      const gen = new ObjectIdGenerator({ now: () => 1_700_000_000_000, setTimeout: () => ({ cancel() {} }) }, workerData);
      const ids = [];
      for (let i = 0; i < 20000; i++) ids.push(gen.next());
      parentPort.postMessage(ids);
    });`;
  const worker = new Worker(code, { eval: true, workerData: cells });
  const theirs = new Promise<string[]>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const ours: string[] = [];
  for (let i = 0; i < 20000; i++) ours.push(mine.next());
  const other = await theirs;
  await worker.terminate();
  for (const list of [ours, other]) for (let i = 1; i < list.length; i++) assert.ok(list[i - 1]! < list[i]!);
  assert.equal(new Set([...ours, ...other]).size, 40000, 'no id handed out twice');
});

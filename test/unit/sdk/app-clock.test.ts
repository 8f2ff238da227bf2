// sdk/app-clock.worker.ts in a real worker thread: the app's Date follows the shared cell, the rest is Date.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

const MODULE = new URL('../../../sdk/app-clock.worker.js', import.meta.url).href;

// Runs in the worker: installs the clock, then answers each message with what the app would see.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const before = new Date(0);
import(${JSON.stringify(MODULE)}).then(({ installAppClock }) => {
  installAppClock(workerData.cell);
  parentPort.on('message', () => parentPort.postMessage({
    now: Date.now(),
    created: new Date().getTime(),
    text: Date(),
    given: new Date(86400000).toISOString(),
    parts: new Date(2026, 0, 2).getFullYear(),
    parse: Date.parse('2026-01-01T00:00:00Z'),
    utc: Date.UTC(2026, 0, 1),
    instance: new Date() instanceof Date && before instanceof Date,
    ctor: new Date().constructor === Date,
    name: Date.name,
    invalid: Number.isNaN(new Date(undefined).getTime()),
  }));
  parentPort.postMessage('ready');
});`;

test('app clock: Date.now(), new Date() and Date() read the shared cell; new Date(x), parse, UTC and instanceof stay real', async () => {
  const cell = new SharedArrayBuffer(8);
  const time = new BigInt64Array(cell);
  Atomics.store(time, 0, BigInt(Date.UTC(2030, 5, 1, 8, 0, 0)));
  const worker = new Worker(WORKER, { eval: true, workerData: { cell } });
  try {
    await once(worker, 'message');
    const ask = async () => {
      worker.postMessage('now');
      return (await once(worker, 'message'))[0] as Record<string, unknown>;
    };
    const first = await ask();
    assert.deepEqual(first, {
      now: Date.UTC(2030, 5, 1, 8),
      created: Date.UTC(2030, 5, 1, 8),
      text: new Date(Date.UTC(2030, 5, 1, 8)).toString(),
      given: '1970-01-02T00:00:00.000Z',
      parts: 2026,
      parse: Date.UTC(2026, 0, 1),
      utc: Date.UTC(2026, 0, 1),
      instance: true,
      ctor: true,
      name: 'Date',
      invalid: true,
    });
    Atomics.store(time, 0, BigInt(Date.UTC(2030, 5, 2)));
    assert.equal((await ask()).now, Date.UTC(2030, 5, 2));
  } finally {
    await worker.terminate();
  }
});

test('app clock: with the movable clock the cell holds an offset, and the app sees the real time moved by it', async () => {
  const cell = new SharedArrayBuffer(16);
  const time = new BigInt64Array(cell);
  Atomics.store(time, 0, BigInt(25 * 3_600_000));
  Atomics.store(time, 1, 1n);
  const worker = new Worker(WORKER, { eval: true, workerData: { cell } });
  try {
    await once(worker, 'message');
    const ask = async () => {
      worker.postMessage('now');
      return (await once(worker, 'message'))[0] as { now: number; created: number };
    };
    const before = Date.now();
    const seen = await ask();
    const after = Date.now();
    assert.ok(seen.now >= before + 25 * 3_600_000 && seen.now <= after + 25 * 3_600_000, 'real time plus 25 h');
    assert.ok(seen.created >= seen.now);
    Atomics.store(time, 0, 0n);
    const reset = await ask();
    assert.ok(reset.now >= after && reset.now <= Date.now(), 'offset 0: the real time');
  } finally {
    await worker.terminate();
  }
});

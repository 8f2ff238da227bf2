import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CALL_METHODS, CALLS, STREAM_METHODS, STREAMS, isCallMethod, isServiceMethod, methodsOf } from '../../../sdk/contract/calls.js';
import { createConn } from '../../../sdk/conn.js';
import { systemClock } from '../../../runtime/clock.js';
import { createMemoryLogger } from '../../../runtime/logger.js';
import { createDataServices } from '../../../runtime/services.js';
import { openStore } from '../../../runtime/storage/index.js';

async function services() {
  const store = await openStore({ backend: 'memory' });
  const s = await createDataServices({ store, clock: systemClock, logger: createMemoryLogger('error') });
  return { ...s, async close() { await s.broker.close(); await s.datastore.close(); await store.close(); } };
}

/** Whatever a call does with no arguments, it must not be "no such method". */
async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    return (err as { code?: string }).code ?? (err as Error).message;
  }
}

test('contract: every call has a handler in the service the contract names', async () => {
  const s = await services();
  try {
    for (const method of CALL_METHODS) {
      assert.notEqual(await outcome(s.backend.call(method, [])), 'LH_DB_UNKNOWN_METHOD', `${method} has no handler`);
      if (CALLS[method].service === 'datastore') assert.ok(s.datastore.methods.includes(method), `${method} missing from the datastore`);
      else assert.equal(await outcome(s.datastore.call(method, [])), 'LH_DB_UNKNOWN_METHOD', `${method} is the queue's, not the datastore's`);
    }
    for (const method of STREAM_METHODS) {
      const it = s.backend.iterate(method, [STREAMS[method].collection ? 'c' : 'k'])[Symbol.asyncIterator]();
      assert.notEqual(await outcome(it.next()), 'LH_DB_UNKNOWN_METHOD', `${method} has no stream handler`);
    }
  } finally {
    await s.close();
  }
});

test('contract: the conn offers every call and read; collection(name) the collection ones', async () => {
  const s = await services();
  try {
    const conn = createConn(s.backend);
    for (const m of [...CALL_METHODS, ...STREAM_METHODS]) assert.equal(typeof conn[m], 'function', m);
    const coll = conn.collection('c');
    const expected = [...CALL_METHODS.filter((m) => CALLS[m].collection), ...STREAM_METHODS.filter((m) => STREAMS[m].collection)].sort();
    assert.deepEqual(Object.keys(coll).sort(), expected);
    assert.equal(await conn.open(), conn);
  } finally {
    await s.close();
  }
});

test('contract: names that are not platform calls are refused by the guards', () => {
  for (const bad of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'getMany']) assert.equal(isCallMethod(bad), false, bad);
  assert.equal(isServiceMethod('enqueue', 'queue'), true);
  assert.equal(isServiceMethod('enqueue', 'datastore'), false);
  assert.deepEqual([...methodsOf('queue')].sort(), ['enqueue', 'enqueueFromQuery', 'runAt']);
});

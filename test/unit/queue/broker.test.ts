import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../../runtime/clock.js';
import { prefixRange } from '../../../runtime/storage/index.js';
import { isLocalhooksError } from '../../../runtime/errors.js';
import type { DispatchMeta, TopicStatus } from '../../../runtime/queue/index.js';
import { deferred, openHarness, storesTest, tempDir, waitFor, type Deferred, type OpenHarness } from '../../helpers/queue-harness.js';

// The core delivery semantics (storesTest) run on memory and on PostgreSQL; restarts run on LevelDB; validation,
// history and hot-reload bookkeeping do not touch the store's engine and stay on memory.

function topicStatus(rows: TopicStatus[], topic: string): TopicStatus {
  const row = rows.find((r) => r.topic === topic);
  assert.ok(row, `no status row for ${topic}`);
  return row;
}

async function concurrencyRun(open: OpenHarness, workers: number): Promise<number> {
  const h = await open();
  try {
    let running = 0;
    let peak = 0;
    const gates: Deferred[] = [];
    h.broker.attach({ t: { workers } }, async () => {
      running++;
      peak = Math.max(peak, running);
      const gate = deferred();
      gates.push(gate);
      await gate.promise;
      running--;
    });
    for (let i = 0; i < 8; i++) await h.broker.enqueue('t', { i });
    let released = 0;
    while (released < 8) {
      await waitFor(() => gates.length > released, 'a call to start');
      assert.ok(running <= workers);
      gates[released++]!.resolve();
    }
    await waitFor(() => topicStatus(h.broker.status(), 't').done === 8, 'all done');
    return peak;
  } finally {
    await h.close();
  }
}

storesTest('Q-07 workers: at most N concurrent calls (workers 1 and 3)', async (open) => {
  assert.equal(await concurrencyRun(open, 1), 1);
  assert.equal(await concurrencyRun(open, 3), 3);
});

storesTest('Q-06 FIFO: one topic delivers in enqueue order; enqueue resolves with a non-null record', async (open) => {
  const h = await open();
  try {
    const seen: number[] = [];
    const rec = await h.broker.enqueue('fifo', { n: 0 });
    assert.equal(typeof rec._id, 'string');
    assert.equal(rec.topic, 'fifo');
    assert.equal(rec.state, 'waiting');
    for (let n = 1; n < 20; n++) await h.broker.enqueue('fifo', { n });
    h.broker.attach({ fifo: {} }, async (_t, payload) => void seen.push((payload as { n: number }).n));
    await waitFor(() => seen.length === 20, '20 deliveries');
    assert.deepEqual(seen, Array.from({ length: 20 }, (_, i) => i));
  } finally {
    await h.close();
  }
});

storesTest('Q-08/AMB 28 retry: a throwing handler is retried with backoff, then dead-lettered with payload, attempts and error', async (open) => {
  const h = await open();
  try {
    const attempts: number[] = [];
    h.broker.attach({ boom: {} }, async (_t, _p, meta) => {
      attempts.push(meta.attempt);
      throw new Error('kaput');
    });
    await h.broker.enqueue('boom', { order: 7 });
    await waitFor(() => topicStatus(h.broker.status(), 'boom').failed === 1, 'first failure');
    assert.deepEqual(attempts, [1]);
    await h.clock.advance(999);
    assert.deepEqual(attempts, [1], 'backoff not over yet');
    await h.clock.advance(1);
    await waitFor(() => attempts.length === 2, 'second attempt');
    await h.clock.advance(2_000);
    await waitFor(() => topicStatus(h.broker.status(), 'boom').dead === 1, 'dead letter');
    assert.deepEqual(attempts, [1, 2, 3]);
    const [dead] = h.broker.deadLetters('boom');
    assert.ok(dead);
    assert.deepEqual(dead.payload, { order: 7 });
    assert.equal(dead.attempts, 3);
    assert.equal(dead.lastError?.message, 'kaput');
    assert.match(dead.lastError?.stack ?? '', /kaput/);
    assert.deepEqual(h.broker.deadLetters('other'), []);
    assert.match(h.logger.text(), /warn queue boom: item \w+ failed attempt 1\/3: kaput; retrying in 1000 ms/);
    assert.match(h.logger.text(), /error queue boom: item \w+ moved to dead letters \(failed 3 of 3 attempts\): kaput/);
  } finally {
    await h.close();
  }
});

storesTest('Q-08 lease: an expired visibility timeout re-delivers the item; the late result is ignored', async (open) => {
  const h = await open();
  try {
    const metas: DispatchMeta[] = [];
    const hung = deferred();
    h.broker.attach({ slow: { timeout: 5_000 } }, async (_t, _p, meta) => {
      metas.push(meta);
      if (meta.attempt === 1) await hung.promise;
    });
    await h.broker.enqueue('slow', 'x');
    await waitFor(() => metas.length === 1, 'first delivery');
    assert.equal(topicStatus(h.broker.status(), 'slow').leased, 1);
    await h.clock.advance(5_000);
    assert.equal(topicStatus(h.broker.status(), 'slow').failed, 1);
    assert.match(h.logger.text(), /did not finish within 5000 ms/);
    await h.clock.advance(1_000);
    await waitFor(() => topicStatus(h.broker.status(), 'slow').done === 1, 'redelivery done');
    assert.deepEqual(metas.map((m) => m.attempt), [1, 2]);
    assert.equal(metas[0]!.id, metas[1]!.id);
    hung.resolve();
    await new Promise<void>((r) => setImmediate(r));
    assert.equal(topicStatus(h.broker.status(), 'slow').done, 1);
  } finally {
    await h.close();
  }
});

test('Q-06 restart: an item leased when the store closed is re-delivered by the next broker (level)', async () => {
  const dir = await tempDir();
  try {
    const clock = new FakeClock();
    const first = await openHarness({ path: dir.path, clock });
    const started: string[] = [];
    first.broker.attach({ job: {} }, async (_t, _p, meta) => {
      started.push(meta.id);
      await new Promise<void>(() => {}); // never settles: the process "dies" mid-call
    });
    const a = await first.broker.enqueue('job', { a: 1 });
    const b = await first.broker.enqueue('job', { b: 2 });
    await waitFor(() => started.length === 1, 'lease');
    await first.close();

    const second = await openHarness({ path: dir.path, clock });
    try {
      const s = topicStatus(second.broker.status(), 'job');
      assert.equal(s.waiting, 2, 'leased item back to waiting, the other still waiting');
      assert.match(second.logger.text(), /re-delivering 1 item/);
      const delivered: DispatchMeta[] = [];
      second.broker.attach({ job: {} }, async (_t, _p, meta) => void delivered.push(meta));
      await waitFor(() => delivered.length === 2, 'both delivered');
      assert.deepEqual(delivered.map((m) => m.id), [a._id, b._id]);
      assert.deepEqual(delivered.map((m) => m.attempt), [2, 1]);
    } finally {
      await second.close();
    }
  } finally {
    await dir.remove();
  }
});

storesTest('JOB-05 runAt: delivered at its time on the FakeClock', async (open) => {
  const h = await open();
  try {
    const got: unknown[] = [];
    h.broker.attach({ later: {} }, async (_t, p) => void got.push(p));
    const when = new Date(h.clock.now() + 60_000);
    const rec = await h.broker.runAt(when, { hello: 'later' }, 'later');
    assert.equal(rec.runAt, when.toISOString());
    assert.equal(topicStatus(h.broker.status(), 'later').scheduled, 1);
    await h.clock.advance(59_999);
    assert.deepEqual(got, []);
    await h.clock.advance(1);
    await waitFor(() => got.length === 1, 'runAt delivery');
    assert.deepEqual(got, [{ hello: 'later' }]);
  } finally {
    await h.close();
  }
});

storesTest('JOB-06 runAt: a date in the past (schedule.run) is delivered at once', async (open) => {
  const h = await open();
  try {
    const got: unknown[] = [];
    h.broker.attach({ now: {} }, async (_t, p) => void got.push(p));
    await h.broker.runAt(new Date(h.clock.now()).toISOString(), 'now', 'now');
    await h.clock.advance(0);
    await waitFor(() => got.length === 1, 'immediate delivery');
  } finally {
    await h.close();
  }
});

test('JOB-05 runAt: persists across a restart and fires at once when overdue (level)', async () => {
  const dir = await tempDir();
  try {
    const start = Date.UTC(2026, 0, 1);
    const first = await openHarness({ path: dir.path, clock: new FakeClock(start) });
    await first.broker.runAt(start + 60_000, { p: 1 }, 'later');
    await first.close();
    const second = await openHarness({ path: dir.path, clock: new FakeClock(start + 3_600_000) });
    try {
      const got: unknown[] = [];
      second.broker.attach({ later: {} }, async (_t, p) => void got.push(p));
      await second.clock.advance(0);
      await waitFor(() => got.length === 1, 'overdue delivery');
      assert.deepEqual(got, [{ p: 1 }]);
    } finally {
      await second.close();
    }
  } finally {
    await dir.remove();
  }
});

storesTest('Q-12 enqueue from inside a handler', async (open) => {
  const h = await open();
  try {
    const got: unknown[] = [];
    h.broker.attach({ a: {}, b: {} }, async (topic, p) => {
      if (topic === 'a') await h.broker.enqueue('b', { from: p });
      else got.push(p);
    });
    await h.broker.enqueue('a', 1);
    await waitFor(() => got.length === 1, 'chained delivery');
    assert.deepEqual(got, [{ from: 1 }]);
  } finally {
    await h.close();
  }
});

storesTest('Q-09 no worker: items wait until a generation with a worker for the topic attaches', async (open) => {
  const h = await open();
  try {
    await h.broker.enqueue('orphan', 'x');
    h.broker.attach({ other: {} }, async () => {});
    assert.throws(() => h.broker.attach({}, async () => {}), (e) => isLocalhooksError(e) && e.code === 'LH_QUEUE_ATTACHED');
    assert.equal(topicStatus(h.broker.status(), 'orphan').waiting, 1);
    assert.equal(topicStatus(h.broker.status(), 'orphan').workers, null);
    assert.match(h.logger.text(), /queue orphan: 1 item\(s\) waiting; no worker is registered/);
    await h.broker.detach();
    const got: unknown[] = [];
    h.broker.attach({ orphan: { workers: 2 } }, async (_t, p) => void got.push(p));
    await waitFor(() => got.length === 1, 'delivery after attach');
    assert.equal(topicStatus(h.broker.status(), 'orphan').workers, 2);
  } finally {
    await h.close();
  }
});

test('hot reload: detach stops leasing and waits for in-flight calls of the old generation', async () => {
  const h = await openHarness();
  try {
    const gate = deferred();
    const old: unknown[] = [];
    h.broker.attach({ t: {} }, async (_t, p) => {
      old.push(p);
      await gate.promise;
    });
    await h.broker.enqueue('t', 1);
    await h.broker.enqueue('t', 2);
    await waitFor(() => old.length === 1, 'first call');
    let detached = false;
    const detaching = h.broker.detach().then(() => (detached = true));
    await new Promise<void>((r) => setImmediate(r));
    assert.equal(detached, false);
    gate.resolve();
    await detaching;
    assert.deepEqual(old, [1], 'the old generation got no new item');
    const fresh: unknown[] = [];
    h.broker.attach({ t: {} }, async (_t, p) => void fresh.push(p));
    await waitFor(() => fresh.length === 1, 'new generation');
    assert.deepEqual(fresh, [2]);
  } finally {
    await h.close();
  }
});

storesTest('Q-05 enqueueFromQuery: one item per matching document, whole document as payload', async (open) => {
  const docs = [{ _id: 'a', n: 1 }, { _id: 'b', n: 2 }, { _id: 'c', n: 3 }];
  const h = await open();
  const calls: unknown[][] = [];
  const { createQueueBroker } = await import('../../../runtime/queue/index.js');
  const broker = await createQueueBroker({
    store: h.store,
    clock: h.clock,
    logger: h.logger,
    async *query(coll, filter, options) {
      calls.push([coll, filter, options]);
      yield* docs;
    },
  });
  try {
    const got: unknown[] = [];
    broker.attach({ each: {} }, async (_t, p) => void got.push(p));
    const res = await broker.enqueueFromQuery('items', { n: { $gt: 0 } }, 'each', { limit: 10 });
    assert.equal(res.count, 3);
    assert.match(res.jobId, /^[0-9a-f-]{36}$/);
    assert.deepEqual(calls, [['items', { n: { $gt: 0 } }, { limit: 10 }]]);
    await waitFor(() => got.length === 3, 'three deliveries');
    assert.deepEqual(got, docs);
    await assert.rejects(h.broker.enqueueFromQuery('items', {}, 'each'), (e) => isLocalhooksError(e) && e.code === 'LH_QUEUE_NO_QUERY');
  } finally {
    await broker.close();
    await h.close();
  }
});

test('Q-04 validation: empty or non-string topics, bad runAt dates and circular payloads are typed errors', async () => {
  const h = await openHarness();
  try {
    for (const topic of ['', '  ', undefined, 42]) {
      await assert.rejects(h.broker.enqueue(topic, {}), (e) => isLocalhooksError(e) && e.code === 'LH_QUEUE_INVALID_TOPIC' && e.status === 400);
    }
    for (const date of ['not a date', new Date(NaN), undefined, {}]) {
      await assert.rejects(h.broker.runAt(date, {}, 'w'), (e) => isLocalhooksError(e) && e.code === 'LH_QUEUE_INVALID_DATE');
    }
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    await assert.rejects(h.broker.enqueue('t', circular), (e) => isLocalhooksError(e) && e.code === 'LH_QUEUE_INVALID_PAYLOAD');
    const rec = await h.broker.enqueue('t', undefined);
    assert.ok(rec._id);
  } finally {
    await h.close();
  }
});

test('done history: the done counter keeps counting while only the last records are kept', async () => {
  const h = await openHarness({ options: { doneHistory: 2 } });
  try {
    h.broker.attach({ d: {} }, async () => {});
    for (let i = 0; i < 5; i++) await h.broker.enqueue('d', i);
    await waitFor(() => topicStatus(h.broker.status(), 'd').done === 5, 'five done');
    await h.broker.close();
    const done: string[] = [];
    for await (const [, v] of h.store.entries(prefixRange('queue/item/'))) done.push(JSON.parse(v).state);
    assert.deepEqual(done, ['done', 'done']);
    assert.equal(await h.store.get('queue/count/d'), '5');
  } finally {
    await h.close();
  }
});

test('decideRetry: backoff table, attempt cap and unrecoverable errors', async () => {
  const { decideRetry, BACKOFF_MS } = await import('../../../runtime/queue/index.js');
  assert.deepEqual(decideRetry(1, new Error('x')), { action: 'retry', delayMs: 1_000 });
  assert.deepEqual(decideRetry(2, new Error('x')), { action: 'retry', delayMs: 2_000 });
  assert.equal(decideRetry(3, new Error('x')).action, 'dead');
  const policy = { maxAttempts: 20, backoff: BACKOFF_MS };
  assert.deepEqual(decideRetry(15, null, policy), { action: 'retry', delayMs: 60_000 });
  assert.equal(decideRetry(1, Object.assign(new Error('x'), { unrecoverable: true }), policy).action, 'dead');
});

storesTest('WF-27 exclusive key: steps of one workflow instance never run at once, other instances still do', async (open) => {
  const h = await open();
  try {
    const running = new Set<string>();
    const overlaps: string[] = [];
    const gates = new Map<string, Deferred>();
    h.broker.attach({ a: {}, b: {} }, async (topic, payload) => {
      const id = (payload as { instanceId: string }).instanceId;
      for (const other of running) if (other.startsWith(`${id}/`)) overlaps.push(`${other} + ${topic}`);
      running.add(`${id}/${topic}`);
      const gate = deferred();
      gates.set(`${id}/${topic}`, gate);
      await gate.promise;
      running.delete(`${id}/${topic}`);
    });
    const step = (goto: string, instanceId: string) => ({ stepsName: 'wf', goto, instanceId, state: {}, options: {} });
    await h.broker.enqueue('a', step('a', 'X'));
    await h.broker.enqueue('b', step('b', 'X'));
    await h.broker.enqueue('b', step('b', 'Y'));
    await waitFor(() => gates.has('X/a') && gates.has('Y/b'), 'X/a and Y/b running together');
    assert.equal(gates.has('X/b'), false, 'X/b waits for X/a');
    assert.equal(topicStatus(h.broker.status(), 'b').waiting, 1);
    gates.get('Y/b')!.resolve();
    await new Promise<void>((r) => setImmediate(r));
    assert.equal(gates.has('X/b'), false, 'still parked behind X/a');
    gates.get('X/a')!.resolve();
    await waitFor(() => gates.has('X/b'), 'X/b after X/a');
    gates.get('X/b')!.resolve();
    await waitFor(() => topicStatus(h.broker.status(), 'b').done === 2, 'all done');
    assert.deepEqual(overlaps, []);
  } finally {
    await h.close();
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../../runtime/clock.js';
import { loadQueue, type QueueRecord } from '../../../runtime/queue/index.js';
import { openStore, type Store } from '../../../runtime/storage/index.js';
import { testDatabase } from '../../helpers/postgres.js';
import { openHarness, waitFor, type Harness } from '../../helpers/queue-harness.js';

// Two brokers on one PostgreSQL store, as two cluster processes: the leader delivers, the follower only writes.
async function pair(): Promise<{ lead: Harness; follow: Harness; store: Store; close(): Promise<void> }> {
  const url = await testDatabase();
  const clock = new FakeClock();
  const lead = await openHarness({ store: await openStore({ backend: 'postgres', url }), clock, options: { newId: (now, seq) => `${now.toString(16).padStart(12, '0')}aaaa${seq.toString(16).padStart(8, '0')}` } });
  const follow = await openHarness({ store: await openStore({ backend: 'postgres', url }), clock, options: { newId: (now, seq) => `${now.toString(16).padStart(12, '0')}bbbb${seq.toString(16).padStart(8, '0')}` } });
  follow.broker.follow();
  return { lead, follow, store: lead.store, close: async () => void (await Promise.all([lead.close(), follow.close()])) };
}

const itemsOf = async (store: Store): Promise<QueueRecord[]> => (await loadQueue(store)).records;

test('queue cluster: a follower writes items and holds none; the leader adopts and delivers them once', async () => {
  const p = await pair();
  try {
    const seen: number[] = [];
    p.lead.broker.attach({ t: { workers: 1 } }, async (_topic, payload) => void seen.push((payload as { i: number }).i));
    const a = await p.follow.broker.enqueue('t', { i: 1 });
    const b = await p.lead.broker.enqueue('t', { i: 2 });
    assert.notEqual(a._id, b._id);
    assert.deepEqual(p.follow.broker.records(), [], 'the follower forgets what it wrote');
    p.lead.broker.adopt(await itemsOf(p.store));
    p.lead.broker.adopt(await itemsOf(p.store)); // again: items it holds or finished are not taken twice
    await waitFor(() => seen.length === 2, 'both items delivered');
    await p.lead.broker.flush();
    p.lead.broker.adopt(await itemsOf(p.store));
    await p.lead.broker.flush();
    assert.deepEqual(seen.sort(), [1, 2]);
    assert.deepEqual((await itemsOf(p.store)).map((r) => r.state), ['done', 'done']);
  } finally {
    await p.close();
  }
});

test('queue cluster: JOB-05 a runAt written by a follower fires once, on the leader, at its time', async () => {
  const p = await pair();
  try {
    const seen: string[] = [];
    p.lead.broker.attach({ remind: { workers: 1 } }, async (_t, payload) => void seen.push(String(payload)));
    const clock = p.lead.clock;
    await p.follow.broker.runAt(new Date(clock.now() + 60_000), 'later', 'remind');
    p.lead.broker.adopt(await itemsOf(p.store));
    await clock.advance(59_000);
    assert.deepEqual(seen, []);
    await clock.advance(1_000);
    await waitFor(() => seen.length === 1, 'the runAt item');
    await clock.advance(120_000);
    assert.deepEqual(seen, ['later']);
  } finally {
    await p.close();
  }
});

test('queue cluster: taking the lead loads the store and delivers again what the old leader had leased', async () => {
  const p = await pair();
  try {
    p.lead.broker.attach({ t: { workers: 1 } }, () => new Promise(() => {})); // never finishes: the leader "dies"
    await p.lead.broker.enqueue('t', { i: 1 });
    await p.lead.broker.flush();
    await waitFor(() => p.lead.broker.records()[0]?.state === 'leased', 'the lease');
    await p.lead.broker.flush();
    const seen: unknown[] = [];
    p.follow.broker.lead(await loadQueue(p.store));
    p.follow.broker.attach({ t: { workers: 1 } }, async (_t, payload) => void seen.push(payload));
    await waitFor(() => seen.length === 1, 're-delivery by the new leader');
    assert.deepEqual(seen, [{ i: 1 }]);
  } finally {
    await p.close();
  }
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFixture, waitFor, type TestApp } from '../../helpers/app-server.js';
import { openSse } from '../../helpers/sse.js';

// The coderunner answers the app's datastore calls from the LevelDB the main thread has open (issue 16); these
// tests check that it does, and that what the main thread guarantees still holds when both threads write.
let app: TestApp;
before(async () => {
  app = await startFixture('direct-app', { timeoutMs: 1500 });
});
after(() => app?.close());

const post = (path: string) => app.json<Record<string, unknown>>(path, { method: 'POST' });
const relayed = () => app.lh.host.current!.relayedCalls;

test('calls from a route are answered in the coderunner: 200 inserts and reads, no message to the main thread', async () => {
  await post('/insert/items?n=1'); // the first insert creates the collection, through the main thread
  const before = relayed();
  const { body } = await post('/insert/items?n=200');
  const ids = body.ids as string[];
  for (const id of ids.slice(0, 20)) assert.equal(((await app.json<{ doc: { _id: string } }>(`/doc/items/${id}`)).body.doc)._id, id);
  assert.equal((await app.json<{ count: number }>('/count/items')).body.count, 201);
  assert.ok(relayed() - before < 5, `${relayed() - before} calls went through the main thread`);
  // The main thread reads what the coderunner wrote.
  assert.deepEqual(await app.lh.backend.call('count', ['items']), { count: 201 });
});

test('DB-08 streams from a route (getMany) are read in the coderunner and match what the main thread reads', async () => {
  await post('/insert/streamed?n=1');
  await post('/insert/streamed?n=300&group=g1');
  const before = relayed();
  const { body } = await app.json<{ _id: string; n: number }[]>('/find/streamed?group=g1');
  assert.equal(relayed() - before, 0, 'the stream went through the main thread');
  assert.equal(body.length, 300);
  const fromMain = [];
  for await (const doc of app.lh.backend.iterate('getMany', ['streamed', { group: 'g1' }])) fromMain.push(doc);
  assert.deepEqual(body, fromMain);
});

test('KV-05 incr from the coderunner and the main thread at once: 200 + 200 end at exactly 400', async () => {
  await post('/incr?n=1');
  const [route] = await Promise.all([
    post('/incr?n=200'),
    Promise.all(Array.from({ length: 200 }, () => app.lh.backend.call('incr', ['hits', 1]))),
  ]);
  assert.equal(route.status, 200);
  assert.equal(Number(await app.lh.backend.call('get', ['hits'])), 401);
});

test('WF-27 $inc on one document from both threads loses no update', async () => {
  const { body } = await post('/insert/counters?n=1');
  const id = (body.ids as string[])[0]!;
  await Promise.all([
    post(`/inc/counters/${id}?n=150`),
    Promise.all(Array.from({ length: 150 }, () => app.lh.backend.call('updateOne', ['counters', id, { $inc: { v: 1 } }]))),
  ]);
  const doc = (await app.lh.backend.call('getOne', ['counters', id])) as { v: number };
  assert.equal(doc.v, 300);
});

test('DB-27 an index created through the main thread covers documents the coderunner writes before and after it', async () => {
  await post('/insert/people?n=30&group=a');
  const created = await post('/index/people');
  assert.equal(created.status, 200);
  await post('/insert/people?n=20&group=a');
  await post('/insert/people?n=5&group=b');
  // An equality query on an indexed field reads index entries only: a document written without one is missed.
  assert.equal((await app.json<unknown[]>('/find/people?group=a')).body.length, 50);
  const fromMain: unknown[] = [];
  for await (const d of app.lh.backend.iterate('getMany', ['people', { group: 'b' }])) fromMain.push(d);
  assert.equal(fromMain.length, 5);
});

test('DB-25 a capped collection is written through the main thread and keeps its cap', async () => {
  await post('/capped/recent?cap=5');
  const before = relayed();
  await post('/insert/recent?n=12');
  assert.ok(relayed() - before >= 12, 'capped inserts go to the main thread, which keeps the count');
  assert.equal((await app.json<{ count: number }>('/count/recent')).body.count, 5);
});

test('a snapshot restore while the app writes: the coderunner sees the restored data and keeps writing', async () => {
  await post('/insert/notes?n=10');
  await app.lh.snapshots.save('direct-before');
  const after = await post('/insert/notes?n=7');
  const late = (after.body.ids as string[])[0]!;
  const writing = post('/insert/notes?n=300');
  await app.lh.snapshots.restore('direct-before');
  await writing;
  assert.equal((await app.json<{ doc: unknown }>(`/doc/notes/${late}`)).body.doc, null);
  const count = (await app.json<{ count: number }>('/count/notes')).body.count;
  assert.ok(count >= 10 && count <= 310, `count ${count}: the snapshot's 10 plus whatever of the 300 came after the restore`);
  await post('/insert/notes?n=3');
  assert.equal((await app.json<{ count: number }>('/count/notes')).body.count, count + 3);
});

test('while the dashboard feed is open, the coderunner reports each write it answers, and the feed shows it', async () => {
  await post('/insert/watched?n=1');
  const origin = app.base.replace(/\/dev$/, '');
  const sse = await openSse(`${origin}/.localhooks/api/events`);
  try {
    assert.equal(sse.status, 200);
    const before = relayed();
    await post('/insert/watched?n=3');
    assert.ok(relayed() - before < 3, 'answered in the coderunner');
    await sse.until((events) => events.some((e) => (e as { collection?: string }).collection === 'watched'), 'a data event');
  } finally {
    sse.close();
  }
});

test('Q-06 Q-12 items the coderunner enqueues itself are delivered once each, in FIFO order', async () => {
  await post('/insert/log?n=1'); // the collection exists, so the worker's writes are answered in the coderunner too
  const before = relayed();
  const { body } = await post('/enqueue?n=60');
  assert.equal((body.ids as unknown[]).length, 60);
  assert.ok(relayed() - before < 5, 'enqueued without asking the main thread');
  const doc = await waitFor(async () => {
    const d = (await app.lh.backend.call('findOneOrNull', ['log', 'order'])) as { seen?: number[] } | null;
    return d?.seen?.length === 60 ? d : null;
  }, { what: 'all 60 items delivered' });
  assert.deepEqual(doc!.seen, Array.from({ length: 60 }, (_, i) => i));
  const bad = await post('/enqueue-bad');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.code, 'LH_QUEUE_INVALID_TOPIC');
});

for (const how of ['loop', 'exit']) {
  test(`a coderunner that ${how === 'loop' ? 'blocks' : 'exits'} with a stream open is replaced; the data reads the same from both threads`, async () => {
    await post('/insert/streamed?n=600&group=g2');
    const gen = app.lh.host.generation;
    const r = await app.json(`/stream-then/${how}`);
    assert.ok(r.status >= 500, `status ${r.status}`);
    await waitFor(() => app.lh.host.generation > gen, { what: 'a new runner' });
    const fromMain = [];
    for await (const doc of app.lh.backend.iterate('getMany', ['streamed', { group: 'g2' }])) fromMain.push(doc);
    const { status, body } = await app.json<unknown[]>('/find/streamed?group=g2');
    assert.equal(status, 200);
    assert.ok(fromMain.length >= 600);
    assert.deepEqual(body, fromMain);
  });
}

for (const how of ['loop', 'exit']) {
  test(`a coderunner that ${how === 'loop' ? 'blocks' : 'exits'} with writes in flight is replaced; nobody waits for its locks`, async () => {
    await post('/insert/crashed?n=1');
    await post('/incr?n=1');
    const gen = app.lh.host.generation;
    const r = await post(`/write-then/${how}`);
    assert.ok(r.status >= 500, `status ${r.status}`);
    await waitFor(() => app.lh.host.generation > gen, { what: 'a new runner' });
    // Its keys are free for both threads: these would wait forever on a stripe the dead thread held.
    const before = Number(await app.lh.backend.call('get', ['crash-counter']) ?? 0);
    await Promise.all(Array.from({ length: 20 }, () => app.lh.backend.call('incr', ['crash-counter', 1])));
    assert.equal(Number(await app.lh.backend.call('get', ['crash-counter'])), before + 20);
    const count = ((await app.json<{ count: number }>('/count/crashed')).body).count;
    const inserted = await post('/insert/crashed?n=5');
    assert.equal(inserted.status, 200);
    assert.equal((await app.json<{ count: number }>('/count/crashed')).body.count, count + 5);
  });
}

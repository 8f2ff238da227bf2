import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startFixture, type TestApp } from '../../helpers/app-server.js';
import { openSse, type SseStream } from '../../helpers/sse.js';

let app: TestApp;
before(async () => {
  app = await startFixture('realtime-app', { watch: true });
});
after(() => app?.close());

const post = async (path: string, body: unknown) => {
  const r = await app.json(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body as Record<string, unknown>;
};
const listen = async (subscribe?: Record<string, unknown>): Promise<{ id: string; stream: SseStream }> => {
  const { listenerID } = (await post('/connect', { subscribe })) as { listenerID: string };
  const stream = await openSse(`${app.base}/chat/${listenerID}`);
  assert.equal(stream.status, 200);
  return { id: listenerID, stream };
};
const messages = (s: SseStream) => s.events.map((e) => (e as { message?: string }).message);
const has = (text: string) => (events: unknown[]) => events.some((e) => (e as { message?: string }).message === text);

test('RT-06 the chat example: POST /connect, then the listener URL is an event stream', async () => {
  const { stream } = await listen();
  assert.match(String(stream.headers['content-type']), /^text\/event-stream/);
  assert.equal(stream.headers['cache-control'], 'no-cache, no-transform');
  assert.equal(stream.headers['x-accel-buffering'], 'no');
  const event = await post('/messages', { message: 'hello', alias: 'ann' });
  await stream.until(has('ann: hello'));
  assert.deepEqual(stream.events, [{ message: 'ann: hello' }]);
  assert.equal(stream.ids[0], event._id, 'the event id is the stored event _id');
  stream.close();
});

test('RT-04 RT-07 AMB 32 two listeners get exactly the events meant for them, from routes, a queue worker and a workflow step', async () => {
  const a = await listen({ room: 'a' });
  const b = await listen({ room: 'b' });
  await post('/messages', { message: 'to a', query: { room: 'a' } });
  await post('/messages', { message: 'to b', query: { room: 'b' } });
  await post('/via-queue', { message: 'queued for b', query: { room: 'b' } });
  await post('/via-workflow', { message: 'flow for a', query: { room: 'a' } });
  await b.stream.until(has('worker: queued for b'), 'the worker event');
  await a.stream.until(has('workflow: flow for a'), 'the workflow event');
  await post('/messages', { message: 'everyone' });
  await a.stream.until(has('Anonymous: everyone'));
  await b.stream.until(has('Anonymous: everyone'));
  assert.deepEqual(messages(a.stream), ['Anonymous: to a', 'workflow: flow for a', 'Anonymous: everyone']);
  assert.deepEqual(messages(b.stream), ['Anonymous: to b', 'worker: queued for b', 'Anonymous: everyone']);
  a.stream.close();
  b.stream.close();
});

test('RT-05 a removed listener stops receiving: its stream ends and the URL answers 404', async () => {
  const gone = await listen();
  const stays = await listen();
  await post('/messages', { message: 'before' });
  await gone.stream.until(has('Anonymous: before'));
  const removed = await app.fetch(`/listeners/${gone.id}`, { method: 'DELETE' });
  assert.equal(removed.status, 200);
  await gone.stream.ended;
  await post('/messages', { message: 'after' });
  await stays.stream.until(has('Anonymous: after'));
  assert.deepEqual(messages(gone.stream), ['Anonymous: before']);
  const again = await openSse(`${app.base}/chat/${gone.id}`);
  assert.equal(again.status, 404);
  assert.equal(JSON.parse(await again.body()).code, 'LH_RT_UNKNOWN_LISTENER');
  const unknown = await openSse(`${app.base}/chat/000000000000000000000000`);
  assert.equal(unknown.status, 404);
  stays.stream.close();
});

test('RT-06 a client that reconnects with Last-Event-ID gets what it missed, then live events', async () => {
  const first = await listen();
  await post('/messages', { message: 'one' });
  await first.stream.until(has('Anonymous: one'));
  const lastId = first.stream.ids.at(-1)!;
  first.stream.close();
  await post('/messages', { message: 'two' });
  await post('/messages', { message: 'three' });
  const again = await openSse(`${app.base}/chat/${first.id}`, { 'last-event-id': lastId });
  await post('/messages', { message: 'four' });
  await again.until(has('Anonymous: four'));
  assert.deepEqual(messages(again), ['Anonymous: two', 'Anonymous: three', 'Anonymous: four']);
  again.close();
});

test('RT-07 hot reload keeps open streams', async () => {
  const { stream } = await listen();
  const file = join(app.dir, 'index.js');
  const source = await readFile(file, 'utf8');
  const reloaded = once(app.lh.events, 'reloaded');
  await app.write('index.js', source.replace("`${alias || 'Anonymous'}: ${message}`", "`v2 ${alias || 'Anonymous'}: ${message}`"));
  await reloaded;
  await post('/messages', { message: 'after reload' });
  await stream.until(has('v2 Anonymous: after reload'));
  assert.deepEqual(messages(stream), ['v2 Anonymous: after reload']);
  stream.close();
  await app.write('index.js', source);
});

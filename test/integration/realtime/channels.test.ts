import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { api } from '../../helpers/admin-api.js';
import { postJson, startFixture, type TestApp } from '../../helpers/app-server.js';
import { openSse } from '../../helpers/sse.js';

let app: TestApp;
before(async () => {
  app = await startFixture('realtime-app');
});
after(() => app?.close());

const post = async <T = Record<string, any>>(path: string, body: unknown = {}) => {
  const r = await app.json<T>(path, postJson(body));
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
};
const origin = () => `http://127.0.0.1:${app.lh.port}`;

test('RT-01 a channel’s hooks run before its listener stream opens: they can refuse it or let it through', async () => {
  const { listenerID } = await post<{ listenerID: string }>('/connect-guarded');
  const refused = await openSse(`${app.base}/guarded/${listenerID}`);
  assert.equal(refused.status, 403);
  assert.deepEqual(JSON.parse(await refused.body()), { error: 'no pass' });
  const stream = await openSse(`${app.base}/guarded/${listenerID}`, { 'x-pass': 'yes' });
  assert.equal(stream.status, 200);
  assert.match(String(stream.headers['content-type']), /^text\/event-stream/);
  stream.close();
});

test('RT-02 createListener stores {subscribe, timestamp} in _event_listeners_<channel>; its _id is the listener ID', async () => {
  const { listenerID } = await post<{ listenerID: string }>('/connect', { subscribe: { room: 'r1' } });
  const doc = await api(origin(), 'GET', `/collections/_event_listeners_chat/docs/${listenerID}`);
  assert.equal(doc.status, 200);
  assert.deepEqual(Object.keys(doc.body).sort(), ['_id', 'subscribe', 'timestamp']);
  assert.deepEqual(doc.body.subscribe, { room: 'r1' });
  assert.ok(!Number.isNaN(Date.parse(doc.body.timestamp)));
});

test('RT-03 publishEvent stores {channel, data, query, timestamp} in _event_publish_<channel>, resolves it, and pushes data', async () => {
  const { listenerID } = await post<{ listenerID: string }>('/connect', { subscribe: { room: 'r2' } });
  const stream = await openSse(`${app.base}/chat/${listenerID}`);
  const event = await post('/messages', { message: 'hi', alias: 'zoe', query: { room: 'r2' } });
  assert.deepEqual({ ...event, _id: undefined, timestamp: undefined }, { _id: undefined, channel: '/chat', data: { message: 'zoe: hi' }, query: { room: 'r2' }, timestamp: undefined });
  const stored = await api(origin(), 'GET', `/collections/_event_publish_chat/docs/${event._id}`);
  assert.deepEqual(stored.body, event);
  await stream.until((events) => events.length === 1, 'the pushed event');
  assert.deepEqual(stream.events, [{ message: 'zoe: hi' }]);
  assert.equal(stream.ids[0], event._id);
  stream.close();
});

test('RT-08 an answer carrying x-realtime-connect: <channel> becomes that channel’s event stream', async () => {
  const { listenerID } = await post<{ listenerID: string }>('/connect-feed');
  const stream = await openSse(`${app.base}/feed/${listenerID}`);
  assert.equal(stream.status, 200);
  assert.match(String(stream.headers['content-type']), /^text\/event-stream/);
  await post('/feed-messages', { n: 1 });
  await stream.until((events) => events.length === 1, 'the feed event');
  assert.deepEqual(stream.events, [{ n: 1 }]);
  stream.close();
});

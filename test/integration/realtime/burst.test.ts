import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startFixture } from '../../helpers/app-server.js';
import { openSse, type SseStream } from '../../helpers/sse.js';

const CLIENTS = 50;
const BURST = 1000;
/** Large events only the stalled client is subscribed to: they fill the kernel's socket buffers, then its limit. */
const FILLER_BYTES = 64 * 1024;
const MAX_FILLERS = 400;

test('RT-07 50 clients each get all 1,000 events of a burst in order; one stalled client is dropped', async (t) => {
  const app = await startFixture('realtime-app', { realtimeBufferBytes: 256 * 1024 });
  try {
    const post = (path: string, body: unknown) =>
      app.json(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const open = async (subscribe: object): Promise<SseStream> => {
      const { listenerID } = (await post('/connect', { subscribe })).body as { listenerID: string };
      return openSse(`${app.base}/chat/${listenerID}`);
    };
    const streams = await Promise.all(Array.from({ length: CLIENTS }, () => open({ role: 'reader' })));
    const stalled = await open({ role: 'stalled' });
    stalled.stall();

    const started = performance.now();
    assert.equal((await post('/burst', { n: BURST, size: 100, tag: 'burst' })).status, 200);
    const dropped = () => /realtime: dropped listener/.test(app.logs.text());
    let fillers = 0;
    while (!dropped() && fillers < MAX_FILLERS) {
      await post('/burst', { n: 10, size: FILLER_BYTES, tag: 'filler', query: { role: 'stalled' } });
      fillers += 10;
    }
    await Promise.all(streams.map((s) => s.until((e) => e.length >= BURST, 'the whole burst', 60_000)));
    const ms = performance.now() - started;

    assert.ok(dropped(), `the stalled client was dropped (after ${fillers} large events)`);
    stalled.close();
    for (const s of streams) {
      const seen = s.events as { tag: string; i: number }[];
      assert.equal(seen.length, BURST, 'readers never receive the stalled client\'s events');
      seen.forEach((e, k) => assert.deepEqual([e.tag, e.i], ['burst', k]));
    }
    const status = (await app.json('/../.localhooks/api/realtime')).body as { channels: { channel: string; clients: number; dropped: number }[] };
    const chat = status.channels.find((c) => c.channel === '/chat')!;
    assert.deepEqual([chat.clients, chat.dropped], [CLIENTS, 1]);
    t.diagnostic(`${BURST} events to ${CLIENTS} clients, stalled client dropped after ${fillers} large events, ${ms.toFixed(0)} ms`);
    for (const s of streams) s.close();
  } finally {
    await app.close();
  }
});

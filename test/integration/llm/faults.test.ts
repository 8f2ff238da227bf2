import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { FakeClock } from '../../../runtime/clock.js';
import { createSeededRandom } from '../../../runtime/llm/index.js';
import { ARTICLE, callOpenAIWithRetry, postJson, startLlm } from './llm-server.js';

const summarize = [{ role: 'user', content: `Summarize this:\n\n${ARTICLE}` }];

test('llm faults: 429:first2 fails the first two calls with retry-after, the third succeeds', async () => {
  const server = await startLlm({ faults: '429:first2' });
  try {
    const attempts: Array<{ status: number; retryAfter: string | null; body: any }> = [];
    for (let i = 0; i < 3; i++) {
      const res = await postJson(`${server.base}/chat/completions`, { model: 'gpt-4o-mini', messages: summarize });
      attempts.push({ status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() });
      if (res.status === 429) {
        assert.equal(res.headers.get('x-ratelimit-remaining-requests'), '0');
        assert.equal(res.headers.get('x-ratelimit-reset-requests'), '1s');
        assert.ok(res.headers.get('x-ratelimit-limit-requests'));
        assert.ok(res.headers.get('x-ratelimit-limit-tokens'));
      }
    }
    assert.deepEqual(attempts.map((a) => [a.status, a.retryAfter]), [[429, '1'], [429, '1'], [200, null]]);
    assert.equal(attempts[0]!.body.error.type, 'requests');
    assert.equal(attempts[0]!.body.error.code, 'rate_limit_exceeded');
    assert.match(attempts[0]!.body.error.message, /Rate limit reached for gpt-4o-mini.*--llm-faults/);
    assert.match(attempts[2]!.body.choices[0].message.content, /^Crash on startup/);
    assert.match(server.logger.text(), /injected 429 on POST \/chat\/completions/);
    assert.equal(server.stats.snapshot().faultsInjected, 2);
  } finally {
    await server.close();
  }
});

test('llm faults: the summarizer helper backs off through 429:first2 and gets its summary on attempt 3', async () => {
  const server = await startLlm({ faults: '429:first2' });
  try {
    const sleeps: number[] = [];
    const attempts: Array<{ attempt: number; status: number }> = [];
    const summary = await callOpenAIWithRetry(`${server.base}/chat/completions`, summarize, {}, 3, async (ms) => void sleeps.push(ms), attempts);
    assert.deepEqual(attempts, [
      { attempt: 1, status: 429 },
      { attempt: 2, status: 429 },
      { attempt: 3, status: 200 },
    ]);
    assert.deepEqual(sleeps, [2000, 4000]);
    assert.match(summary, /^Crash on startup/);
  } finally {
    await server.close();
  }
});

test('llm faults: 500:first1 gives an OpenAI server_error that the helper retries', async () => {
  const server = await startLlm({ faults: '500:first1' });
  try {
    const attempts: Array<{ attempt: number; status: number }> = [];
    const sleeps: number[] = [];
    await callOpenAIWithRetry(`${server.base}/chat/completions`, summarize, {}, 3, async (ms) => void sleeps.push(ms), attempts);
    assert.deepEqual(attempts.map((a) => a.status), [500, 200]);
    assert.deepEqual(sleeps, [1000]);
    const after = await postJson(`${server.base}/chat/completions`, { model: 'm', messages: summarize });
    assert.equal(after.status, 200);
  } finally {
    await server.close();
  }
});

test('llm faults: the real openai client retries injected 429s using retry-after-ms', async () => {
  const server = await startLlm({ faults: '429:first2,retry-after:0.001' });
  try {
    const client = new OpenAI({ baseURL: server.base, apiKey: 'sk-local', maxRetries: 2 });
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Classify this: it crashes' }] });
    assert.equal(completion.choices[0]!.message.content, 'bug');
    assert.equal(server.stats.snapshot().byRoute['POST /chat/completions'], 3);
  } finally {
    await server.close();
  }
});

test('llm faults: probability spec with a seeded RNG gives the expected share over N calls', async () => {
  const N = 200;
  const server = await startLlm({ faults: '429:0.3,500:0.1', random: createSeededRandom(42) });
  try {
    const counts: Record<number, number> = { 200: 0, 429: 0, 500: 0 };
    for (let i = 0; i < N; i++) {
      const res = await postJson(`${server.base}/chat/completions`, { model: 'm', messages: [{ role: 'user', content: `hi ${i}` }] });
      await res.arrayBuffer();
      counts[res.status]!++;
    }
    // Exactly what the same seeded sequence predicts: one draw per call, 429 below 0.3, 500 below 0.4.
    const rng = createSeededRandom(42);
    const expected: Record<number, number> = { 200: 0, 429: 0, 500: 0 };
    for (let i = 0; i < N; i++) {
      const r = rng();
      expected[r < 0.3 ? 429 : r < 0.4 ? 500 : 200]!++;
    }
    assert.deepEqual(counts, expected);
    // And the shares are near the spec (30% and 10%).
    assert.ok(Math.abs(counts[429]! / N - 0.3) < 0.08, `429 share ${counts[429]! / N}`);
    assert.ok(Math.abs(counts[500]! / N - 0.1) < 0.06, `500 share ${counts[500]! / N}`);
  } finally {
    await server.close();
  }
});

test('llm faults: latency waits on the injected clock', async () => {
  const clock = new FakeClock();
  const server = await startLlm({ faults: 'latency:200ms', clock });
  try {
    let settled = false;
    const pending = postJson(`${server.base}/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'hi' }] }).then((res) => {
      settled = true;
      return res;
    });
    while (clock.pendingTimers() === 0) await new Promise((r) => setImmediate(r));
    await clock.advance(199);
    assert.equal(settled, false, 'still waiting before 200ms');
    await clock.advance(1);
    const res = await pending;
    assert.equal(res.status, 200);
  } finally {
    await server.close();
  }
});

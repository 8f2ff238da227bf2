import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FaultInjector, parseFaults } from '../../../runtime/llm/faults.js';
import { createSeededRandom, LlmError } from '../../../runtime/llm/index.js';

test('llm parseFaults: probabilities, firstN, latency and retry-after', () => {
  assert.deepEqual(parseFaults('429:0.3,500:0.1,latency:200ms'), {
    firstN: [],
    random: [{ status: 429, probability: 0.3 }, { status: 500, probability: 0.1 }],
    latencyMs: 200,
    retryAfterSec: 1,
  });
  assert.deepEqual(parseFaults(' 429:first2 , 500:first1, latency:1.5s, retry-after:3'), {
    firstN: [{ status: 429, first: 2 }, { status: 500, first: 1 }],
    random: [],
    latencyMs: 1500,
    retryAfterSec: 3,
  });
  assert.deepEqual(parseFaults('503:25%').random, [{ status: 503, probability: 0.25 }]);
  assert.deepEqual(parseFaults('').firstN, []);
});

test('llm parseFaults: bad items throw LH_LLM_CONFIG with the item', () => {
  for (const bad of ['429', 'teapot:0.1', '429:1.5', '429:lots', 'latency:soon', '429:0.7,500:0.5', '200:0.1']) {
    assert.throws(() => parseFaults(bad), (err: unknown) => err instanceof LlmError && err.code === 'LH_LLM_CONFIG', bad);
  }
  assert.throws(() => parseFaults('429:lots'), /'429:lots'/);
});

test('llm faults: firstN rules run one after another, then calls pass', () => {
  const injector = new FaultInjector(parseFaults('429:first2,500:first1'), () => 0);
  assert.deepEqual([1, 2, 3, 4, 5].map(() => injector.next()), [429, 429, 500, null, null]);
});

test('llm faults: one seeded draw per call decides among probability rules', () => {
  const injector = new FaultInjector(parseFaults('429:0.5'), createSeededRandom(7));
  const rng = createSeededRandom(7);
  for (let i = 0; i < 50; i++) assert.equal(injector.next(), rng() < 0.5 ? 429 : null);
});

test('llm faults: errors carry OpenAI types and rate-limit headers', () => {
  const injector = new FaultInjector(parseFaults('retry-after:2'), Math.random);
  const rate = injector.error(429, 'gpt-4o-mini');
  assert.equal(rate.status, 429);
  assert.equal(rate.openaiCode, 'rate_limit_exceeded');
  assert.equal(rate.headers['retry-after'], '2');
  assert.equal(rate.headers['retry-after-ms'], '2000');
  assert.equal(injector.error(500, 'm').type, 'server_error');
  assert.match(injector.error(503, 'm').message, /overloaded/);
});

test('llm random: the same seed gives the same sequence', () => {
  const a = createSeededRandom(3);
  const b = createSeededRandom(3);
  const xs = Array.from({ length: 5 }, () => a());
  assert.deepEqual(xs, Array.from({ length: 5 }, () => b()));
  assert.ok(xs.every((x) => x >= 0 && x < 1));
});

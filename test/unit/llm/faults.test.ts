import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FaultBoard, injectedError } from '../../../runtime/llm/fault-board.js';
import { checkFaultSpec, formatFaults, parseFaults } from '../../../runtime/llm/faults.js';
import { createSeededRandom, LlmError } from '../../../runtime/llm/index.js';

const isConfig = (err: unknown) => err instanceof LlmError && err.code === 'LH_LLM_CONFIG';

test('llm parseFaults: probabilities, firstN, latency and retry-after', () => {
  assert.deepEqual(parseFaults('429:0.3,500:0.1,latency:200ms'), {
    rules: [
      { kind: 'status', status: 429, probability: 0.3 },
      { kind: 'status', status: 500, probability: 0.1 },
    ],
    latencyMs: 200,
    tokensPerSec: 0,
    retryAfterSec: 1,
  });
  assert.deepEqual(parseFaults(' 429:first2 , 500:first1, latency:1.5s, retry-after:3'), {
    rules: [
      { kind: 'status', status: 429, first: 2 },
      { kind: 'status', status: 500, first: 1 },
    ],
    latencyMs: 1500,
    tokensPerSec: 0,
    retryAfterSec: 3,
  });
  assert.deepEqual(parseFaults('503:25%').rules, [{ kind: 'status', status: 503, probability: 0.25 }]);
  assert.deepEqual(parseFaults('').rules, []);
});

test('llm parseFaults: cut, malformed, scopes by route and model, ttft and tokens per second', () => {
  const spec = parseFaults('cut:first1@/responses,malformed:0.5@gpt-4o,429:first2@/messages@claude-sonnet-4-5,ttft:300ms,tps:40');
  assert.deepEqual(spec.rules, [
    { kind: 'cut', first: 1, route: '/responses' },
    { kind: 'malformed', probability: 0.5, model: 'gpt-4o' },
    { kind: 'status', status: 429, first: 2, route: '/messages', model: 'claude-sonnet-4-5' },
  ]);
  assert.equal(spec.latencyMs, 300);
  assert.equal(spec.tokensPerSec, 40);
  assert.deepEqual(parseFaults(formatFaults(spec)), spec, 'formatFaults writes the flag text back');
});

test('llm parseFaults: bad items throw LH_LLM_CONFIG with the item', () => {
  for (const bad of ['429', 'teapot:0.1', '429:1.5', '429:lots', 'latency:soon', '429:0.7,500:0.5', '200:0.1', 'latency:1s@/responses', 'cut:first1@', 'tps:fast']) {
    assert.throws(() => parseFaults(bad), isConfig, bad);
  }
  assert.throws(() => parseFaults('429:lots'), /'429:lots'/);
  // Probabilities only add up within one scope: 0.7 on one route and 0.5 on another is fine.
  assert.doesNotThrow(() => parseFaults('429:0.7@/responses,500:0.5@/messages'));
  assert.throws(() => parseFaults('429:0.7@/responses,500:0.5'), /add up to 1.2/);
});

test('llm checkFaultSpec: JSON rules are checked field by field', () => {
  assert.deepEqual(checkFaultSpec({ rules: [{ status: 429, first: 1 }] }).rules, [{ kind: 'status', status: 429, first: 1 }]);
  assert.throws(() => checkFaultSpec({ rules: [{ kind: 'status', status: 200, first: 1 }] }), /rules\[0\]\.status/);
  assert.throws(() => checkFaultSpec({ rules: [{ kind: 'cut' }] }), /either 'first'/);
  assert.throws(() => checkFaultSpec({ rules: [{ kind: 'cut', first: 1, route: 'responses' }] }), /route: a path/);
  assert.throws(() => checkFaultSpec({ latencyMs: -1 }), /latencyMs/);
  assert.throws(() => checkFaultSpec('429:first1'), isConfig);
});

test('llm faults: firstN rules run one after another, then calls pass', () => {
  const board = new FaultBoard(parseFaults('429:first2,500:first1'), () => 0);
  const any = { route: '/chat/completions', model: 'gpt-4o-mini' };
  assert.deepEqual([1, 2, 3, 4, 5].map(() => board.decide(any)), [
    { kind: 'status', status: 429, retryAfterSec: 1 },
    { kind: 'status', status: 429, retryAfterSec: 1 },
    { kind: 'status', status: 500, retryAfterSec: 1 },
    null,
    null,
  ]);
});

test('llm faults: scoped rules take only their route and model; set() restarts the counters', () => {
  const board = new FaultBoard(parseFaults('cut:first1@/responses,malformed:first1@gpt-4o'), () => 0);
  assert.equal(board.decide({ route: '/chat/completions', model: 'gpt-4o-mini' }), null);
  assert.deepEqual(board.decide({ route: '/chat/completions', model: 'gpt-4o' }), { kind: 'malformed' });
  assert.deepEqual(board.decide({ route: '/responses', model: 'gpt-4o' }), { kind: 'cut' });
  assert.equal(board.decide({ route: '/responses', model: 'gpt-4o' }), null);
  assert.deepEqual(board.snapshot().rules.map((r) => r.left), [0, 0]);
  board.set(parseFaults('cut:first1@/responses'));
  assert.deepEqual(board.decide({ route: '/responses', model: null }), { kind: 'cut' });
  board.clear();
  assert.equal(board.active, false);
  assert.equal(board.snapshot().spec, '');
});

test('llm faults: one seeded draw per call decides among probability rules', () => {
  const board = new FaultBoard(parseFaults('429:0.5'), createSeededRandom(7));
  const rng = createSeededRandom(7);
  for (let i = 0; i < 50; i++) assert.equal(board.decide({ route: '/responses', model: null })?.kind ?? null, rng() < 0.5 ? 'status' : null);
});

test('llm faults: errors carry OpenAI types and rate-limit headers', () => {
  const rate = injectedError(429, 'gpt-4o-mini', 2, '(note)');
  assert.equal(rate.status, 429);
  assert.equal(rate.openaiCode, 'rate_limit_exceeded');
  assert.equal(rate.headers['retry-after'], '2');
  assert.equal(rate.headers['retry-after-ms'], '2000');
  assert.equal(injectedError(500, 'm', 1, '').type, 'server_error');
  assert.match(injectedError(503, 'm', 1, '').message, /overloaded/);
});

test('llm random: the same seed gives the same sequence', () => {
  const a = createSeededRandom(3);
  const b = createSeededRandom(3);
  const xs = Array.from({ length: 5 }, () => a());
  assert.deepEqual(xs, Array.from({ length: 5 }, () => b()));
  assert.ok(xs.every((x) => x >= 0 && x < 1));
});

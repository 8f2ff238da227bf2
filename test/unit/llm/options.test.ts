import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMemoryLogger } from '../../../runtime/logger.js';
import { resolveLlmOptions } from '../../../runtime/llm/options.js';
import { canonicalJson, recordingKey } from '../../../runtime/llm/recording.store.js';
import { describeLlmMode, LlmError, LlmStats } from '../../../runtime/llm/index.js';
import { estimatePromptTokens, estimateTokens, truncateToTokens } from '../../../runtime/llm/tokens.js';

const logger = createMemoryLogger();

test('llm options: defaults to offline, and to live when only upstreamUrl is given', () => {
  assert.equal(resolveLlmOptions({ logger }).mode, 'offline');
  const live = resolveLlmOptions({ logger, upstreamUrl: 'http://localhost:11434/v1/' });
  assert.equal(live.mode, 'live');
  assert.equal(live.upstreamUrl, 'http://localhost:11434/v1');
  assert.equal(resolveLlmOptions({ logger, mode: 'live' }).upstreamUrl, 'https://api.openai.com/v1');
});

test('llm options: record/replay need recordDir; bad mode, URL or faults throw LH_LLM_CONFIG', () => {
  const config = (err: unknown) => err instanceof LlmError && err.code === 'LH_LLM_CONFIG';
  assert.throws(() => resolveLlmOptions({ logger, mode: 'record' }), config);
  assert.throws(() => resolveLlmOptions({ logger, mode: 'replay' }), /recordings folder/);
  assert.throws(() => resolveLlmOptions({ logger, mode: 'turbo' as never }), /Unknown --llm mode 'turbo'/);
  assert.throws(() => resolveLlmOptions({ logger, upstreamUrl: 'localhost:11434' }), config);
  assert.throws(() => resolveLlmOptions({ logger, faults: '429:2' }), config);
  assert.deepEqual(resolveLlmOptions({ logger, faults: '429:first1' }).faults.spec.rules, [{ kind: 'status', status: 429, first: 1 }]);
});

test('llm describeLlmMode: one banner line per mode', () => {
  assert.equal(describeLlmMode({}), 'LLM: offline (OpenAI and Anthropic APIs answered locally at /.localhooks/llm/v1)');
  assert.equal(
    describeLlmMode({ upstreamUrl: 'http://localhost:11434/v1', upstreamModel: 'llama3.2' }),
    'LLM: live (/.localhooks/llm/v1 forwards to http://localhost:11434/v1, model → llama3.2)',
  );
  assert.match(describeLlmMode({ mode: 'record', recordDir: 'recs' }), /^LLM: record .*api\.openai\.com.*saving calls to recs/);
  assert.match(describeLlmMode({ mode: 'replay', recordDir: 'recs' }), /^LLM: replay .*recordings in recs; a miss is an error/);
  assert.match(describeLlmMode({ faults: '429:first2,latency:50ms' }), /\+ faults: 429 on the next 2 calls, latency 50ms$/);
  assert.match(describeLlmMode({ faults: 'nonsense' }), /\+ faults: nonsense$/, 'never throws');
});

test('llm recordingKey: sha256 over method, path and canonical body', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } }), '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}');
  const key = recordingKey('POST', '/chat/completions', { model: 'm', messages: [] });
  assert.match(key, /^[0-9a-f]{64}$/);
  assert.equal(recordingKey('post', '/chat/completions', { messages: [], model: 'm' }), key);
  assert.notEqual(recordingKey('POST', '/completions', { model: 'm', messages: [] }), key);
  assert.notEqual(recordingKey('POST', '/chat/completions', { model: 'm2', messages: [] }), key);
});

test('llm tokens: ~4 characters per token, message overhead, truncation on word boundaries', () => {
  assert.equal(estimateTokens(''), 0);
  assert.equal(estimateTokens('abcd'), 1);
  assert.equal(estimateTokens('abcde'), 2);
  assert.equal(estimatePromptTokens([{ role: 'user', content: 'abcdefgh' }]), 3 + 3 + 2);
  assert.deepEqual(truncateToTokens('alpha beta gamma delta epsilon', 6), { text: 'alpha beta gamma delta', truncated: true });
  // A word boundary far back would waste the budget: cut inside the word instead, as tokens do.
  assert.deepEqual(truncateToTokens('a supercalifragilistic word', 3), { text: 'a supercalif', truncated: true });
  assert.deepEqual(truncateToTokens('short', 10), { text: 'short', truncated: false });
});

test('llm stats: counts per route, errors and faults; snapshot is a copy', () => {
  const stats = new LlmStats();
  stats.record('POST /chat/completions', 200);
  stats.record('POST /chat/completions', 429);
  stats.fault();
  const snap = stats.snapshot();
  assert.deepEqual(snap, { total: 2, byRoute: { 'POST /chat/completions': 2 }, errors: 1, faultsInjected: 1 });
  stats.reset();
  assert.equal(stats.snapshot().total, 0);
  assert.equal(snap.total, 2);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarize } from '../../../runtime/llm/responders/summarize.js';
import { splitSentences } from '../../../runtime/llm/sentences.js';
import { estimateTokens } from '../../../runtime/llm/tokens.js';

test('llm sentences: splits on end punctuation, keeps abbreviations and hard wraps together', () => {
  assert.deepEqual(splitSentences('Dr. Smith arrived. He said hi! Did it work? Yes.'), ['Dr. Smith arrived.', 'He said hi!', 'Did it work?', 'Yes.']);
  assert.deepEqual(splitSentences('This line is wrapped\nin the middle. Next one.'), ['This line is wrapped in the middle.', 'Next one.']);
  assert.deepEqual(splitSentences('Title\n\n- first item\n- second item\n\n```\ncode();\n```\nEnd.'), ['Title', 'first item', 'second item', 'End.']);
  assert.deepEqual(splitSentences('Version 2.3.1 works, e.g. on Linux.'), ['Version 2.3.1 works, e.g. on Linux.']);
});

const TEXT = [
  'The database migration failed on the production cluster.',
  'I had coffee this morning.',
  'The migration script times out when the database holds more than a million rows.',
  'Rolling back the migration restored the database.',
  'Lunch was nice.',
  'We need a batched migration so large database tables do not time out.',
].join(' ');

test('llm summarize: picks the informative sentences, in original order', () => {
  const { content, finishReason } = summarize(TEXT, 256);
  assert.equal(finishReason, 'stop');
  const picked = splitSentences(content);
  assert.equal(picked.length, 2, content);
  assert.ok(!/coffee|Lunch/.test(content));
  const source = splitSentences(TEXT);
  const positions = picked.map((s) => source.indexOf(s));
  assert.ok(positions.every((p) => p >= 0));
  assert.deepEqual(positions, [...positions].sort((a, b) => a - b));
});

test('llm summarize: stays within max_tokens, cutting the best sentence when nothing fits', () => {
  const small = summarize(TEXT, 16);
  assert.ok(estimateTokens(small.content) <= 16);
  const tiny = summarize(TEXT, 4);
  assert.equal(tiny.finishReason, 'length');
  assert.ok(estimateTokens(tiny.content) <= 4);
});

test('llm summarize: a single sentence is its own summary; empty text says so', () => {
  assert.equal(summarize('Only one sentence here.', 256).content, 'Only one sentence here.');
  assert.equal(summarize('   ', 256).content, 'There is no text to summarize.');
});

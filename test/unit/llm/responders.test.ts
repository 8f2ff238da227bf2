import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promptParts } from '../../../runtime/llm/prompt.js';
import { classify } from '../../../runtime/llm/responders/classify.js';
import { extractLabels } from '../../../runtime/llm/responders/labels.js';
import { detectIntent, respond, route } from '../../../runtime/llm/responders/router.js';
import { sentimentOf } from '../../../runtime/llm/responders/sentiment.js';
import type { ChatMessage } from '../../../runtime/llm/types.js';

const user = (content: string): ChatMessage[] => [{ role: 'user', content }];

test('llm router: detects summarize, classify and sentiment wording', () => {
  assert.equal(detectIntent('Summarize this'), 'summarize');
  assert.equal(detectIntent('Give me a tl;dr'), 'summarize');
  assert.equal(detectIntent('Can you sum it up'), 'summarize');
  assert.equal(detectIntent('Classify this'), 'classify');
  assert.equal(detectIntent('Which category fits'), 'classify');
  assert.equal(detectIntent('Analyze sentiment'), 'sentiment');
  assert.equal(detectIntent('Classify the sentiment of'), 'sentiment');
  assert.equal(detectIntent('What time is it'), null);
});

test('llm router: the instruction head wins over words inside the text', () => {
  const r = route(promptParts(user('Classify this: a summary of the crash report')));
  assert.equal(r.intent, 'classify');
  assert.equal(r.text, 'a summary of the crash report');
});

test('llm router: a system instruction applies to the whole user message', () => {
  const r = route(promptParts([{ role: 'system', content: 'Summarize the user text.' }, { role: 'user', content: 'Note: the server crashed. It restarted.' }]));
  assert.equal(r.intent, 'summarize');
  assert.equal(r.text, 'Note: the server crashed. It restarted.');
});

test('llm router: an instruction sentence without a colon is left out of the text', () => {
  const r = route(promptParts(user('Please summarize the text below. The server crashed. It restarted at noon.')));
  assert.equal(r.intent, 'summarize');
  assert.equal(r.text, 'The server crashed. It restarted at noon.');
});

test('llm router: content parts arrays are read as text', () => {
  const answer = respond(promptParts([{ role: 'user', content: [{ type: 'text', text: 'Classify this: the app crashes' }] }]));
  assert.equal(answer.content, 'bug');
});

test('llm labels: finds lists in the usual prompt phrasings', () => {
  assert.deepEqual(extractLabels('Classify this issue as bug, feature or question.')?.labels, ['bug', 'feature', 'question']);
  assert.deepEqual(extractLabels('Categories: billing | shipping | other')?.labels, ['billing', 'shipping', 'other']);
  assert.deepEqual(extractLabels('Pick one of the following: "urgent", "normal", "low"')?.labels, ['urgent', 'normal', 'low']);
  assert.deepEqual(extractLabels('Choose one of these labels:\n- bug: broken things\n- docs\n- feature')?.labels, ['bug', 'docs', 'feature']);
  assert.equal(extractLabels('This is one of the worst bugs, and it crashes'), null);
  assert.equal(extractLabels('There are no options to configure, and it crashes'), null);
});

test('llm classify: keyword categories, listed labels, catch-all', () => {
  assert.equal(classify('TypeError: undefined is not a function, the app crashes', null), 'bug');
  assert.equal(classify('Please update the README, there is a typo in the guide', null), 'docs');
  assert.equal(classify('Nice weather', null), 'general');
  const labels = extractLabels('Classify as Billing, Shipping or Other.');
  assert.equal(classify('my package never arrived, shipping is slow', labels), 'Shipping');
  assert.equal(classify('hello there', labels), 'Other');
});

test('llm sentiment: lexicon with negation', () => {
  assert.equal(sentimentOf('I love it, works great'), 'positive');
  assert.equal(sentimentOf('terrible and broken'), 'negative');
  assert.equal(sentimentOf('not good at all'), 'negative');
  assert.equal(sentimentOf("it doesn't crash anymore"), 'positive');
  assert.equal(sentimentOf('The report is due on Friday'), 'neutral');
});

test('llm respond: listed label spelling is kept for sentiment', () => {
  const a = respond(promptParts(user('Give the sentiment. Answer with Positive, Negative or Neutral.\n\nThe update broke everything.')));
  assert.equal(a.content, 'Negative');
});

test('llm respond: the fallback names the question and respects max_tokens', () => {
  assert.equal(respond(promptParts(user('Tell me a joke'))).content, 'Offline answer to: Tell me a joke');
  const cut = respond(promptParts(user('Tell me a very long story about dragons and knights')), 3);
  assert.equal(cut.finishReason, 'length');
  assert.ok(cut.content.length <= 12);
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { splitSentences } from '../../../runtime/llm/sentences.js';
import { ARTICLE, callOpenAIWithRetry, postJson, readSse, startLlm } from './llm-server.js';
import type { LlmServer } from './llm-server.js';

let server: LlmServer;
before(async () => {
  server = await startLlm();
});
after(() => server.close());

const summarizerMessages = (text: string) => [
  { role: 'system', content: 'You are a helpful assistant.' },
  { role: 'user', content: `Summarize this:\n\n${text}` },
];

test('llm chat: summarize prompt returns extractive summary (summarizer request)', async () => {
  const summary = await callOpenAIWithRetry(`${server.base}/chat/completions`, summarizerMessages(ARTICLE), {
    model: 'gpt-4o-mini',
    temperature: 0.3,
    max_tokens: 300,
  });
  const source = splitSentences(ARTICLE);
  const picked = splitSentences(summary);
  assert.ok(picked.length >= 1 && picked.length < source.length, `a summary is shorter: ${summary}`);
  for (const s of picked) assert.ok(source.some((orig) => orig === s || `${orig}.` === s), `"${s}" comes from the text`);
  // Original order kept, and the off-topic sentence is not informative enough to be chosen.
  const positions = picked.map((s) => source.findIndex((orig) => s.startsWith(orig)));
  assert.deepEqual(positions, [...positions].sort((a, b) => a - b));
  assert.ok(!summary.includes('weather'));
  assert.match(summary, /crash/i);
});

test('llm chat: response has OpenAI chat.completion shape and echoes the model', async () => {
  const res = await postJson(`${server.base}/chat/completions`, { model: 'my-model', messages: summarizerMessages(ARTICLE) });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  const body = (await res.json()) as any;
  assert.match(body.id, /^chatcmpl-/);
  assert.equal(body.object, 'chat.completion');
  assert.equal(typeof body.created, 'number');
  assert.equal(body.model, 'my-model');
  assert.equal(body.choices.length, 1);
  const [choice] = body.choices;
  assert.equal(choice.index, 0);
  assert.equal(choice.message.role, 'assistant');
  assert.equal(choice.message.refusal, null);
  assert.equal(choice.logprobs, null);
  assert.equal(choice.finish_reason, 'stop');
  const { prompt_tokens, completion_tokens, total_tokens } = body.usage;
  assert.ok(prompt_tokens > 0 && completion_tokens > 0);
  assert.equal(total_tokens, prompt_tokens + completion_tokens);
  assert.equal(completion_tokens, Math.ceil(choice.message.content.length / 4));
});

test('llm chat: same request gives the same answer; temperature has no effect', async () => {
  const ask = async (temperature: number) => {
    const body = (await (await postJson(`${server.base}/chat/completions`, { model: 'gpt-4o-mini', messages: summarizerMessages(ARTICLE), temperature })).json()) as any;
    return body.choices[0].message.content as string;
  };
  const first = await ask(0.3);
  assert.equal(await ask(0.3), first);
  assert.equal(await ask(1.9), first);
});

test('llm chat: max_tokens truncates the answer with finish_reason length', async () => {
  const res = await postJson(`${server.base}/chat/completions`, { model: 'gpt-4o-mini', messages: summarizerMessages(ARTICLE), max_tokens: 5 });
  const body = (await res.json()) as any;
  assert.equal(body.choices[0].finish_reason, 'length');
  assert.ok(body.usage.completion_tokens <= 5, `completion_tokens ${body.usage.completion_tokens}`);
  assert.ok(body.choices[0].message.content.length > 0);
  // max_completion_tokens (the newer name) is honoured too.
  const newer = (await (await postJson(`${server.base}/chat/completions`, { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Tell me about the history of the Roman empire' }], max_completion_tokens: 2 })).json()) as any;
  assert.equal(newer.choices[0].finish_reason, 'length');
  assert.ok(newer.usage.completion_tokens <= 2);
});

test('llm chat: classification prompts get a short label', async () => {
  const classify = (content: string) =>
    callOpenAIWithRetry(`${server.base}/chat/completions`, [{ role: 'user', content }], { model: 'gpt-4o-mini' });
  assert.equal(await classify(`Classify this: ${ARTICLE}`), 'bug');
  assert.equal(await classify('Classify this: It would be nice to add support for dark mode as a new option.'), 'feature');
  assert.equal(await classify('Classify this: How do I configure the port? Is it possible to use an env variable?'), 'question');
  assert.equal(await classify('Categorize this ticket into one of: Billing, Shipping, Other. Ticket: my package never arrived and the shipping status is stuck'), 'Shipping');
});

test('llm chat: sentiment prompts get positive, negative or neutral', async () => {
  const sentiment = (text: string) =>
    callOpenAIWithRetry(`${server.base}/chat/completions`, [{ role: 'user', content: `Analyze sentiment: ${text}` }], { model: 'gpt-4o-mini' });
  assert.equal(await sentiment('I love this library, it works great and the docs are excellent.'), 'positive');
  assert.equal(await sentiment('This is not good. The app is slow, buggy and keeps crashing.'), 'negative');
  assert.equal(await sentiment('The meeting is scheduled for Tuesday at the main office.'), 'neutral');
});

test('llm chat: other prompts get a deterministic reply naming the question', async () => {
  const answer = await callOpenAIWithRetry(`${server.base}/chat/completions`, [{ role: 'user', content: 'What is the capital of France?' }]);
  assert.equal(answer, 'Offline answer to: What is the capital of France?');
});

test('llm chat: the multi-step workflow prompts (classify → summarize → sentiment) each get their kind of answer', async () => {
  const url = `${server.base}/chat/completions`;
  const category = await callOpenAIWithRetry(url, [{ role: 'user', content: 'Classify this: ' + ARTICLE }]);
  const summary = await callOpenAIWithRetry(url, [{ role: 'user', content: `Summarize this ${category} text: ${ARTICLE}` }]);
  const sentiment = await callOpenAIWithRetry(url, [{ role: 'user', content: 'Analyze sentiment: ' + ARTICLE }]);
  assert.equal(category, 'bug');
  assert.match(summary, /^Crash on startup/);
  assert.ok(['positive', 'negative', 'neutral'].includes(sentiment));
});

test('llm chat stream: SSE chunks join to the non-streaming content and end with [DONE]', async () => {
  const request = { model: 'gpt-4o-mini', messages: summarizerMessages(ARTICLE), max_tokens: 300 };
  const plain = (await (await postJson(`${server.base}/chat/completions`, request)).json()) as any;
  const res = await postJson(`${server.base}/chat/completions`, { ...request, stream: true });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
  const { chunks, done } = await readSse(res);
  assert.ok(done, 'ends with data: [DONE]');
  assert.ok(chunks.every((c) => c.object === 'chat.completion.chunk' && c.model === 'gpt-4o-mini' && c.id === chunks[0].id));
  assert.equal(chunks[0].choices[0].delta.role, 'assistant');
  assert.equal(chunks.map((c) => c.choices[0].delta.content ?? '').join(''), plain.choices[0].message.content);
  assert.equal(chunks.at(-1).choices[0].finish_reason, 'stop');
  assert.ok(!('usage' in chunks.at(-1)), 'no usage without stream_options.include_usage');
});

test('llm chat stream: stream_options.include_usage adds a final usage chunk', async () => {
  const res = await postJson(`${server.base}/chat/completions`, {
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Hello there' }],
    stream: true,
    stream_options: { include_usage: true },
  });
  const { chunks } = await readSse(res);
  const last = chunks.at(-1);
  assert.deepEqual(last.choices, []);
  assert.equal(last.usage.total_tokens, last.usage.prompt_tokens + last.usage.completion_tokens);
  assert.ok(chunks.slice(0, -1).every((c) => c.usage === null));
});

test('llm completions (legacy): text_completion answers each prompt', async () => {
  const res = await postJson(`${server.base}/completions`, { model: 'gpt-3.5-turbo-instruct', prompt: ['Classify this: the app crashes with an error', 'Hi'] });
  const body = (await res.json()) as any;
  assert.equal(res.status, 200);
  assert.equal(body.object, 'text_completion');
  assert.deepEqual(body.choices.map((c: any) => c.text), ['bug', 'Offline answer to: Hi']);
  assert.match(body.id, /^cmpl-/);
});

test('llm stats: calls are counted per route', async () => {
  const local = await startLlm();
  try {
    await postJson(`${local.base}/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    await postJson(`${local.base}/chat/completions`, { model: 'm' });
    await fetch(`${local.base}/models`);
    await fetch(`${local.base}/nope`);
    const snap = local.stats.snapshot();
    assert.deepEqual(snap.byRoute, { 'GET /models': 1, 'POST /chat/completions': 2, unknown: 1 });
    assert.equal(snap.total, 4);
    assert.equal(snap.errors, 2);
  } finally {
    await local.close();
  }
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { ARTICLE, startLlm } from './llm-server.js';
import type { LlmServer } from './llm-server.js';

let server: LlmServer;
let client: OpenAI;
before(async () => {
  server = await startLlm();
  client = new OpenAI({ baseURL: server.base, apiKey: 'sk-local', maxRetries: 0 });
});
after(() => server.close());

const messages = [
  { role: 'system' as const, content: 'You are a helpful assistant.' },
  { role: 'user' as const, content: `Summarize this:\n\n${ARTICLE}` },
];

test('llm openai client: chat.completions.create answers with a summary', async () => {
  const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, max_tokens: 300 });
  assert.equal(completion.object, 'chat.completion');
  assert.equal(completion.model, 'gpt-4o-mini');
  assert.equal(completion.choices[0]!.finish_reason, 'stop');
  assert.match(completion.choices[0]!.message.content ?? '', /^Crash on startup/);
  assert.ok(completion.usage!.total_tokens > 0);
});

test('llm openai client: streaming deltas join to the non-streaming content', async () => {
  const plain = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
  const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } });
  let text = '';
  let finish: string | null = null;
  let usage: OpenAI.CompletionUsage | null | undefined;
  let deltas = 0;
  for await (const chunk of stream) {
    for (const choice of chunk.choices) {
      text += choice.delta.content ?? '';
      finish = choice.finish_reason ?? finish;
      deltas++;
    }
    usage = chunk.usage ?? usage;
  }
  assert.ok(deltas > 3, 'arrives in several pieces');
  assert.equal(text, plain.choices[0]!.message.content);
  assert.equal(finish, 'stop');
  assert.equal(usage?.completion_tokens, plain.usage?.completion_tokens);
});

test('llm openai client: models.list and models.retrieve', async () => {
  const ids: string[] = [];
  for await (const model of client.models.list()) ids.push(model.id);
  assert.ok(ids.includes('gpt-4o-mini') && ids.includes('text-embedding-3-small'));
  const model = await client.models.retrieve('gpt-4o-mini');
  assert.equal(model.object, 'model');
  await assert.rejects(client.models.retrieve('no-such-model'), (err: unknown) => err instanceof OpenAI.NotFoundError);
});

test('llm openai client: embeddings.create gives deterministic unit vectors of the asked size', async () => {
  const one = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'The quick brown fox' });
  const vector = Array.from(one.data[0]!.embedding);
  assert.equal(vector.length, 1536);
  const norm = Math.sqrt(vector.reduce((s, x) => s + x * x, 0));
  assert.ok(Math.abs(norm - 1) < 1e-5, `unit length, got ${norm}`);

  const again = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'The quick brown fox' });
  assert.deepEqual(Array.from(again.data[0]!.embedding), vector);

  const many = await client.embeddings.create({
    model: 'text-embedding-3-large',
    input: ['The quick brown fox', 'A slow green turtle'],
    dimensions: 64,
    encoding_format: 'float',
  });
  assert.equal(many.data.length, 2);
  assert.deepEqual(many.data.map((d) => d.index), [0, 1]);
  assert.ok(many.data.every((d) => d.embedding.length === 64));
  assert.notDeepEqual(many.data[0]!.embedding, many.data[1]!.embedding);
  assert.equal(many.model, 'text-embedding-3-large');
  assert.ok(many.usage.prompt_tokens > 0);
});

test('llm openai client: a bad request surfaces as BadRequestError with the param', async () => {
  await assert.rejects(
    client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'robot' as any, content: 'x' }] }),
    (err: unknown) => err instanceof OpenAI.BadRequestError && err.param === 'messages[0].role',
  );
});

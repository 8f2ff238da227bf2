// OpenAI's Responses API offline, with the real openai client: plain and streamed, items, instructions,
// previous_response_id, retrieval, limits and errors.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { ARTICLE, postJson, startLlm, type LlmServer } from './llm-server.js';

let server: LlmServer;
let client: OpenAI;
before(async () => {
  server = await startLlm();
  client = new OpenAI({ baseURL: server.base, apiKey: 'sk-local', maxRetries: 0 });
});
after(() => server.close());

test('llm responses: responses.create answers text input with output_text, usage and OpenAI fields', async () => {
  const res = await client.responses.create({ model: 'gpt-4.1-mini', input: `Summarize this:\n\n${ARTICLE}`, instructions: 'You are terse.' });
  assert.match(res.id, /^resp_[0-9a-f]{29}$/);
  assert.equal(res.object, 'response');
  assert.equal(res.status, 'completed');
  assert.equal(res.model, 'gpt-4.1-mini');
  assert.equal(res.instructions, 'You are terse.');
  assert.match(res.output_text, /^Crash on startup when the config file is missing\./);
  const item = res.output[0]!;
  assert.ok(item.type === 'message' && item.role === 'assistant' && item.status === 'completed');
  assert.ok(res.usage!.input_tokens > 0 && res.usage!.output_tokens > 0);
  assert.equal(res.usage!.total_tokens, res.usage!.input_tokens + res.usage!.output_tokens);
});

test('llm responses: streaming sends the typed event sequence, and the deltas join to the plain answer', async () => {
  const input = `Classify this: ${ARTICLE}`;
  const plain = await client.responses.create({ model: 'gpt-4o-mini', input });
  const stream = await client.responses.create({ model: 'gpt-4o-mini', input: `Summarize this:\n\n${ARTICLE}`, stream: true });
  const events: OpenAI.Responses.ResponseStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  const types = events.map((e) => e.type);
  assert.deepEqual(types.filter((t) => t !== 'response.output_text.delta'), [
    'response.created',
    'response.in_progress',
    'response.output_item.added',
    'response.content_part.added',
    'response.output_text.done',
    'response.content_part.done',
    'response.output_item.done',
    'response.completed',
  ]);
  assert.ok(types.filter((t) => t === 'response.output_text.delta').length > 3, 'text arrives in pieces');
  assert.deepEqual(events.map((e) => e.sequence_number), events.map((_, i) => i));
  const text = events.flatMap((e) => (e.type === 'response.output_text.delta' ? [e.delta] : [])).join('');
  const completed = events.at(-1) as OpenAI.Responses.ResponseCompletedEvent;
  assert.equal(completed.response.output_text ?? text, text);
  assert.match(text, /^Crash on startup/);
  const created = events[0] as OpenAI.Responses.ResponseCreatedEvent;
  assert.equal(created.response.status, 'in_progress');

  // The client's own accumulator (responses.stream) builds the same response.
  const helper = client.responses.stream({ model: 'gpt-4o-mini', input });
  const final = await helper.finalResponse();
  assert.equal(final.output_text, plain.output_text);
  assert.equal(final.output_text, 'bug');
});

test('llm responses: previous_response_id continues a conversation; instructions do not carry over', async () => {
  const first = await client.responses.create({ model: 'gpt-4o-mini', input: `Summarize this:\n\n${ARTICLE}`, instructions: 'Be brief.' });
  const second = await client.responses.create({ model: 'gpt-4o-mini', previous_response_id: first.id, input: 'And the sentiment?' });
  assert.equal(second.output_text, 'negative');
  assert.equal(second.previous_response_id, first.id);
  assert.equal(second.instructions, null);
  const third = await client.responses.create({ model: 'gpt-4o-mini', previous_response_id: second.id, input: [{ role: 'user', content: [{ type: 'input_text', text: 'Classify it.' }] }] });
  assert.equal(third.output_text, 'bug');

  const retrieved = await client.responses.retrieve(first.id);
  assert.equal((retrieved as OpenAI.Responses.Response).id, first.id);
  await client.responses.delete(first.id);
  await assert.rejects(client.responses.retrieve(first.id), (err: unknown) => err instanceof OpenAI.NotFoundError);

  await assert.rejects(
    client.responses.create({ model: 'gpt-4o-mini', previous_response_id: 'resp_unknown', input: 'hi' }),
    (err: unknown) => err instanceof OpenAI.BadRequestError && err.param === 'previous_response_id' && /not found/.test(err.message),
  );
  const unstored = await client.responses.create({ model: 'gpt-4o-mini', input: 'hello', store: false });
  await assert.rejects(client.responses.create({ model: 'gpt-4o-mini', previous_response_id: unstored.id, input: 'again' }), OpenAI.BadRequestError);
});

test('llm responses: input items with system and developer roles, and max_output_tokens leaves an incomplete response', async () => {
  const res = await client.responses.create({
    model: 'gpt-4o-mini',
    input: [
      { role: 'developer', content: 'Classify the message as billing, technical or other.' },
      { role: 'user', content: 'My invoice shows the wrong amount and I was charged twice.' },
    ],
  });
  assert.equal(res.output_text, 'billing');
  const cut = await client.responses.create({ model: 'gpt-4o-mini', input: `Rewrite this in French: ${ARTICLE}`, max_output_tokens: 16 });
  assert.equal(cut.status, 'incomplete');
  assert.deepEqual(cut.incomplete_details, { reason: 'max_output_tokens' });
  assert.ok(cut.output_text.length <= 16 * 4);
});

test('llm responses: bad requests are 400s naming the field', async () => {
  const check = async (body: object, param: string | null, pattern: RegExp) => {
    const res = await postJson(`${server.base}/responses`, body);
    const json = (await res.json()) as { error: { message: string; param: string | null } };
    assert.equal(res.status, 400, JSON.stringify(json));
    assert.equal(json.error.param, param);
    assert.match(json.error.message, pattern);
  };
  await check({ input: 'hi' }, null, /you must provide a model parameter/);
  await check({ model: 'm' }, 'input', /Missing required parameter: 'input'/);
  await check({ model: 'm', input: 'hi', max_output_tokens: 5 }, 'max_output_tokens', /Expected a value >= 16/);
  await check({ model: 'm', input: [{ role: 'robot', content: 'x' }] }, 'input[0].role', /Supported values are: 'user'/);
  await check({ model: 'm', input: 'hi', text: { format: { type: 'json_object' } } }, 'input', /must contain the word 'json'/);
  await check({ model: 'm', input: 'hi', text: { format: { type: 'json_schema', schema: {} } } }, 'text.format.name', /Missing required parameter: 'text.format.name'/);
});

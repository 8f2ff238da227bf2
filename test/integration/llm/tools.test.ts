// Tool calls offline with the real openai client: chat and Responses, streamed and not, the round trip through
// the tool's result, and tool_choice.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { ajvErrors } from '../../helpers/json-schemas.js';
import { ARTICLE, postJson, readSse, startLlm, type LlmServer } from './llm-server.js';

let server: LlmServer;
let client: OpenAI;
before(async () => {
  server = await startLlm();
  client = new OpenAI({ baseURL: server.base, apiKey: 'sk-local', maxRetries: 0 });
});
after(() => server.close());

const weatherParams = {
  type: 'object',
  properties: { location: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
  required: ['location', 'unit'],
  additionalProperties: false,
};
const tools: OpenAI.ChatCompletionTool[] = [
  { type: 'function', function: { name: 'get_weather', description: 'Current weather for a city', parameters: weatherParams, strict: true } },
  {
    type: 'function',
    function: {
      name: 'add_numbers',
      description: 'Adds two numbers',
      parameters: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'], additionalProperties: false },
      strict: true,
    },
  },
];
const question: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: "What's the weather in Paris, in fahrenheit?" }];

test('llm tools: a chat tool-call round trip: the call, the app runs it, the text answer uses its result', async () => {
  const first = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: question, tools });
  const choice = first.choices[0]!;
  assert.equal(choice.finish_reason, 'tool_calls');
  assert.equal(choice.message.content, null);
  const call = choice.message.tool_calls![0]!;
  assert.ok(call.type === 'function');
  assert.equal(call.function.name, 'get_weather');
  const args = JSON.parse(call.function.arguments) as Record<string, unknown>;
  assert.deepEqual(args, { location: 'Paris', unit: 'fahrenheit' });
  assert.deepEqual(ajvErrors(weatherParams, args), []);
  assert.match(call.id, /^call_[0-9a-f]{24}$/);

  const second = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    tools,
    messages: [...question, choice.message, { role: 'tool', tool_call_id: call.id, content: JSON.stringify({ temperature: 64, conditions: 'sunny' }) }],
  });
  assert.equal(second.choices[0]!.finish_reason, 'stop');
  assert.equal(second.choices[0]!.message.content, 'get_weather returned: temperature: 64, conditions: sunny');
});

test('llm tools: arguments take the numbers of the prompt; a prompt no tool fits gets text', async () => {
  const sum = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Please add numbers 3 and 4.5' }], tools });
  const call = sum.choices[0]!.message.tool_calls![0]!;
  assert.ok(call.type === 'function');
  assert.deepEqual([call.function.name, JSON.parse(call.function.arguments)], ['add_numbers', { a: 3, b: 4.5 }]);
  const plain = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Summarize this:\n\n${ARTICLE}` }], tools });
  assert.equal(plain.choices[0]!.finish_reason, 'stop');
  assert.match(plain.choices[0]!.message.content!, /^Crash on startup/);
});

test('llm tools: tool_choice none, required and a named function', async () => {
  const none = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: question, tools, tool_choice: 'none' });
  assert.equal(none.choices[0]!.message.tool_calls, undefined);
  const required = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello there' }], tools, tool_choice: 'required' });
  assert.equal(required.choices[0]!.finish_reason, 'tool_calls');
  const named = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: question, tools, tool_choice: { type: 'function', function: { name: 'add_numbers' } } });
  const call = named.choices[0]!.message.tool_calls![0]!;
  assert.ok(call.type === 'function' && call.function.name === 'add_numbers');

  const unknown = await postJson(`${server.base}/chat/completions`, { model: 'm', messages: question, tools, tool_choice: { type: 'function', function: { name: 'nope' } } });
  assert.equal(unknown.status, 400);
  const orphan = await postJson(`${server.base}/chat/completions`, { model: 'm', messages: [...question, { role: 'tool', tool_call_id: 'call_x', content: '{}' }] });
  assert.equal(orphan.status, 400);
  assert.match(((await orphan.json()) as { error: { message: string } }).error.message, /must be a response to a preceeding message with 'tool_calls'/);
  const badName = await postJson(`${server.base}/chat/completions`, { model: 'm', messages: question, tools: [{ type: 'function', function: { name: 'get weather' } }] });
  assert.equal(((await badName.json()) as { error: { param: string } }).error.param, 'tools[0].function.name');
});

test('llm tools: streamed tool-call deltas arrive as OpenAI sends them and the client helper assembles them', async () => {
  const res = await postJson(`${server.base}/chat/completions`, { model: 'gpt-4o-mini', messages: question, tools, stream: true });
  const { chunks, done } = await readSse(res);
  assert.ok(done);
  const deltas = chunks.map((c) => c.choices[0]);
  assert.deepEqual(deltas[0].delta.tool_calls[0], { index: 0, id: deltas[0].delta.tool_calls[0].id, type: 'function', function: { name: 'get_weather', arguments: '' } });
  assert.equal(deltas[0].delta.role, 'assistant');
  const pieces = deltas.slice(1, -1).map((d) => d.delta.tool_calls[0]);
  assert.ok(pieces.length > 1 && pieces.every((p) => p.index === 0 && p.id === undefined && typeof p.function.arguments === 'string'));
  assert.deepEqual(JSON.parse(pieces.map((p) => p.function.arguments).join('')), { location: 'Paris', unit: 'fahrenheit' });
  assert.equal(deltas.at(-1).finish_reason, 'tool_calls');

  const stream = client.chat.completions.stream({ model: 'gpt-4o-mini', messages: question, tools });
  const final = await stream.finalChatCompletion();
  const call = final.choices[0]!.message.tool_calls![0]!;
  assert.ok(call.type === 'function');
  assert.deepEqual(call.function.parsed_arguments, { location: 'Paris', unit: 'fahrenheit' });
});

test('llm tools: a Responses function-call round trip through previous_response_id, streamed', async () => {
  const rtools: OpenAI.Responses.Tool[] = [{ type: 'function', name: 'get_weather', description: 'Current weather for a city', parameters: weatherParams, strict: true }];
  const first = await client.responses.create({ model: 'gpt-4o-mini', input: "What's the weather in Oslo in celsius?", tools: rtools });
  const call = first.output[0]!;
  assert.ok(call.type === 'function_call');
  assert.deepEqual([call.name, JSON.parse(call.arguments)], ['get_weather', { location: 'Oslo', unit: 'celsius' }]);

  const stream = await client.responses.create({
    model: 'gpt-4o-mini',
    previous_response_id: first.id,
    input: [{ type: 'function_call_output', call_id: call.call_id, output: '{"temperature": -3}' }],
    tools: rtools,
    stream: true,
  });
  let text = '';
  for await (const event of stream) if (event.type === 'response.output_text.delta') text += event.delta;
  assert.equal(text, 'get_weather returned: temperature: -3');

  const streamedCall = await client.responses.create({ model: 'gpt-4o-mini', input: 'Weather in Rome?', tools: rtools, stream: true });
  const types: string[] = [];
  let args = '';
  for await (const event of streamedCall) {
    types.push(event.type);
    if (event.type === 'response.function_call_arguments.delta') args += event.delta;
  }
  assert.deepEqual(types.filter((t) => !t.endsWith('.delta')), [
    'response.created',
    'response.in_progress',
    'response.output_item.added',
    'response.function_call_arguments.done',
    'response.output_item.done',
    'response.completed',
  ]);
  assert.equal(JSON.parse(args).location, 'Rome');
});

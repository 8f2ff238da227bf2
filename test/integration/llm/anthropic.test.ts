// Anthropic's Messages API offline, with the real @anthropic-ai/sdk: plain and streamed, tool use, structured
// output, errors in Anthropic's shape; and an app whose clients keep their default hosts, served offline.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { FIXTURES, postJson as appPost, REPO_ROOT, startDir } from '../../helpers/app-server.js';
import { ajvErrors } from '../../helpers/json-schemas.js';
import { ARTICLE, postJson, startLlm, type LlmServer } from './llm-server.js';

let server: LlmServer;
let client: Anthropic;
before(async () => {
  server = await startLlm();
  // Anthropic's client adds /v1/messages to its base: the prefix without /v1.
  client = new Anthropic({ baseURL: server.base.replace(/\/v1$/, ''), apiKey: 'sk-ant-local', maxRetries: 0 });
});
after(() => server.close());

const model = 'claude-sonnet-4-5';

test('llm anthropic: messages.create answers with a text block, stop_reason and usage', async () => {
  const msg = await client.messages.create({ model, max_tokens: 300, system: 'You are terse.', messages: [{ role: 'user', content: `Summarize this:\n\n${ARTICLE}` }] });
  assert.match(msg.id, /^msg_[0-9a-f]{29}$/);
  assert.equal(msg.type, 'message');
  assert.equal(msg.role, 'assistant');
  assert.equal(msg.model, model);
  assert.equal(msg.stop_reason, 'end_turn');
  const block = msg.content[0]!;
  assert.ok(block.type === 'text');
  assert.match(block.text, /^Crash on startup when the config file is missing\./);
  assert.ok(msg.usage.input_tokens > 0 && msg.usage.output_tokens > 0);
  const short = await client.messages.create({ model, max_tokens: 5, messages: [{ role: 'user', content: 'Tell me a long story about dragons and castles and knights' }] });
  assert.equal(short.stop_reason, 'max_tokens');
  const counted = await client.messages.countTokens({ model, messages: [{ role: 'user', content: ARTICLE }] });
  assert.ok(counted.input_tokens > 50);
});

test('llm anthropic: streaming sends Anthropic events in order; the helper assembles the same text', async () => {
  const params = { model, max_tokens: 300, messages: [{ role: 'user' as const, content: `Summarize this:\n\n${ARTICLE}` }] };
  const plain = await client.messages.create(params);
  const stream = await client.messages.create({ ...params, stream: true });
  const types: string[] = [];
  let text = '';
  for await (const event of stream) {
    types.push(event.type);
    if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
  }
  // The client drops pings; on the wire each event is named by an `event:` line, a ping among them.
  assert.deepEqual(types.filter((t) => t !== 'content_block_delta'), ['message_start', 'content_block_start', 'content_block_stop', 'message_delta', 'message_stop']);
  assert.ok(types.filter((t) => t === 'content_block_delta').length > 3);
  const wire = await (await postJson(`${server.base}/messages`, { ...params, stream: true })).text();
  const named = [...wire.matchAll(/^event: (\S+)\ndata: (\{.*\})$/gm)].map((m) => [m[1], (JSON.parse(m[2]!) as { type: string }).type]);
  assert.ok(named.every(([event, type]) => event === type));
  assert.deepEqual(named.slice(0, 3).map(([e]) => e), ['message_start', 'content_block_start', 'ping']);
  assert.equal(text, (plain.content[0] as Anthropic.TextBlock).text);
  const final = await client.messages.stream(params).finalMessage();
  assert.deepEqual(final.content, plain.content);
  assert.equal(final.stop_reason, 'end_turn');
});

test('llm anthropic: a tool-use round trip, streamed input_json deltas, and JSON output against a schema', async () => {
  const tools: Anthropic.Tool[] = [
    {
      name: 'get_weather',
      description: 'Current weather for a city',
      input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  ];
  const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'How is the weather in Lisbon today?' }];
  const first = await client.messages.create({ model, max_tokens: 200, tools, messages });
  assert.equal(first.stop_reason, 'tool_use');
  const use = first.content[0]!;
  assert.ok(use.type === 'tool_use');
  assert.deepEqual([use.name, use.input], ['get_weather', { city: 'Lisbon' }]);
  const second = await client.messages.create({
    model,
    max_tokens: 200,
    tools,
    messages: [...messages, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: '21°C and clear' }] }],
  });
  assert.equal(second.stop_reason, 'end_turn');
  assert.equal((second.content[0] as Anthropic.TextBlock).text, 'get_weather returned: 21°C and clear');

  const streamed = await client.messages.stream({ model, max_tokens: 200, tools, messages }).finalMessage();
  assert.deepEqual((streamed.content[0] as Anthropic.ToolUseBlock).input, { city: 'Lisbon' });

  const schema = { type: 'object', properties: { sentiment: { type: 'string', enum: ['positive', 'negative', 'neutral'] }, summary: { type: 'string' } }, required: ['sentiment', 'summary'], additionalProperties: false };
  const json = await client.messages.create({ model, max_tokens: 400, messages: [{ role: 'user', content: ARTICLE }], output_config: { format: { type: 'json_schema', schema } } });
  const value = JSON.parse((json.content[0] as Anthropic.TextBlock).text) as { sentiment: string };
  assert.deepEqual(ajvErrors(schema, value), []);
  assert.equal(value.sentiment, 'negative');
});

test('llm anthropic: bad requests get Anthropic error bodies the client raises as its own errors', async () => {
  const res = await postJson(`${server.base}/messages`, { model, messages: [{ role: 'user', content: 'hi' }] });
  assert.equal(res.status, 400);
  assert.deepEqual(((await res.json()) as { type: string; error: object }).error, { type: 'invalid_request_error', message: 'max_tokens: Field required' });
  assert.match(res.headers.get('request-id') ?? '', /^req_/);
  await assert.rejects(
    client.messages.create({ model, max_tokens: 10, messages: [{ role: 'robot' as 'user', content: 'hi' }] }),
    (err: unknown) => err instanceof Anthropic.BadRequestError && err.type === 'invalid_request_error' && /messages\.0\.role/.test(err.message),
  );
  await assert.rejects(client.messages.create({ model, max_tokens: 10, messages: [] }), Anthropic.BadRequestError);
});

test('llm anthropic: an app calling api.anthropic.com and api.openai.com with their clients runs offline', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lh-llm-apis-'));
  await cp(join(FIXTURES, 'llm-apis-app'), dir, { recursive: true });
  // The clients are the repository's own copies, linked in as an app's node_modules would hold them.
  await mkdir(join(dir, 'node_modules', '@anthropic-ai'), { recursive: true });
  await symlink(join(REPO_ROOT, 'node_modules', '@anthropic-ai', 'sdk'), join(dir, 'node_modules', '@anthropic-ai', 'sdk'), 'junction');
  await symlink(join(REPO_ROOT, 'node_modules', 'openai'), join(dir, 'node_modules', 'openai'), 'junction');
  const app = await startDir(dir, {}, true);
  try {
    const claude = await app.json<{ text: string; stop: string }>('/claude', appPost({ prompt: 'Analyze sentiment: I love this, it works great' }));
    assert.deepEqual(claude.body, { text: 'positive', stop: 'end_turn' });
    const raw = await app.json<{ content: Array<{ text: string }> }>('/claude-fetch', appPost({ prompt: `Classify this: ${ARTICLE}` }));
    assert.equal(raw.status, 200);
    assert.equal(raw.body.content[0]!.text, 'bug');
    const triage = await app.json<{ category: string; summary: string; sentiment: string }>('/triage', appPost({ text: ARTICLE }));
    assert.deepEqual([triage.body.category, triage.body.sentiment], ['bug', 'negative']);
    assert.match(triage.body.summary, /^Crash on startup/);
    assert.match(app.logs.text(), /LLM: offline \(OpenAI and Anthropic APIs answered locally/);
  } finally {
    await app.close();
  }
});

// Responses and Anthropic Messages outside offline mode: forwarded with each API's own key headers, recorded,
// replayed without a network, and still subject to the fault rules.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import Fastify, { type FastifyInstance } from 'fastify';
import OpenAI from 'openai';
import { startLlm } from './llm-server.js';

interface Seen {
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: { model?: string };
}

let upstream: FastifyInstance;
let upstreamUrl: string;
const seen: Seen[] = [];
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lh-llm-fwd-'));
  upstream = Fastify();
  upstream.addHook('preHandler', async (req) => void seen.push({ url: req.url, headers: req.headers, body: req.body as Seen['body'] }));
  upstream.post('/v1/messages', async (req, reply) => {
    reply.header('request-id', 'req_upstream').header('anthropic-ratelimit-requests-remaining', '99');
    return {
      id: 'msg_upstream',
      type: 'message',
      role: 'assistant',
      model: (req.body as { model: string }).model,
      content: [{ type: 'text', text: 'upstream says hi' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 3, output_tokens: 3 },
    };
  });
  upstream.post('/v1/responses', async (req) => ({
    id: 'resp_upstream',
    object: 'response',
    created_at: 1,
    status: 'completed',
    model: (req.body as { model: string }).model,
    output: [{ id: 'msg_1', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'upstream response', annotations: [] }] }],
  }));
  upstream.get('/v1/responses/:id', async (req) => ({ id: (req.params as { id: string }).id, object: 'response', status: 'completed', output: [] }));
  await upstream.listen({ port: 0, host: '127.0.0.1' });
  upstreamUrl = `http://127.0.0.1:${(upstream.server.address() as { port: number }).port}/v1`;
});
after(async () => {
  await upstream.close();
  await rm(dir, { recursive: true, force: true });
});

const claude = (base: string, apiKey = 'sk-ant-caller') => new Anthropic({ baseURL: base.replace(/\/v1$/, ''), apiKey, maxRetries: 0 });
const ask = (client: Anthropic) => client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'hello' }] });

test('llm live: /messages goes to the Anthropic upstream with x-api-key and anthropic-version; /responses to the OpenAI one', async () => {
  const server = await startLlm({ mode: 'record', recordDir: dir, upstreamUrl, anthropicApiKey: 'sk-ant-configured', upstreamModel: 'llama3.2' });
  try {
    seen.length = 0;
    const msg = await ask(claude(server.base));
    assert.equal((msg.content[0] as Anthropic.TextBlock).text, 'upstream says hi');
    assert.equal(msg._request_id, 'req_upstream');
    const sent = seen.at(-1)!;
    assert.equal(sent.url, '/v1/messages');
    assert.equal(sent.headers['x-api-key'], 'sk-ant-configured');
    assert.match(String(sent.headers['anthropic-version']), /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(sent.body.model, 'llama3.2');

    const openai = new OpenAI({ baseURL: server.base, apiKey: 'sk-caller', maxRetries: 0 });
    const res = await openai.responses.create({ model: 'gpt-4o-mini', input: 'hello' });
    assert.equal(res.output_text, 'upstream response');
    assert.equal(seen.at(-1)!.headers.authorization, 'Bearer sk-caller');
    assert.equal(((await openai.responses.retrieve('resp_upstream')) as { id: string }).id, 'resp_upstream', 'retrieval is forwarded too');
    assert.equal((await readdir(dir)).filter((f) => f.endsWith('.json')).length, 3, 'two model calls and the retrieval recorded');
  } finally {
    await server.close();
  }
});

test('llm replay: a recorded /messages call is answered without the upstream, and a cut fault still breaks it', async () => {
  const server = await startLlm({ mode: 'replay', recordDir: dir, faults: 'cut:first1@/messages' });
  try {
    seen.length = 0;
    await assert.rejects(ask(claude(server.base)), /terminated|Connection error/);
    const msg = await ask(claude(server.base));
    assert.equal((msg.content[0] as Anthropic.TextBlock).text, 'upstream says hi');
    assert.equal(seen.length, 0, 'the upstream saw nothing');
    await assert.rejects(
      claude(server.base).messages.create({ model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'never recorded' }] }),
      (err: unknown) => err instanceof Anthropic.NotFoundError && err.type === 'not_found_error' && /--llm record/.test(err.message),
    );
  } finally {
    await server.close();
  }
});

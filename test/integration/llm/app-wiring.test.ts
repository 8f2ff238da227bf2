import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { postJson, startFixture } from '../../helpers/app-server.js';

type Chat = { model: string; choices: { message: { content: string } }[] };
const summarize = { prompt: 'Summarize this: Local runtimes make tests fast. They also work offline. Nobody needs a cloud account.' };

test('LLM offline: the app’s fetch and node-fetch calls to api.openai.com are answered locally', async () => {
  const app = await startFixture('openai-app');
  try {
    for (const path of ['/global-fetch', '/node-fetch']) {
      const r = await app.json<Chat>(path, postJson(summarize));
      assert.equal(r.status, 200, path);
      assert.match(r.body.choices[0]!.message.content, /offline|Local runtimes|cloud account/);
    }
    const env = (await app.json<{ base: string; keySet: boolean }>('/env')).body;
    assert.match(env.base, /^http:\/\/127\.0\.0\.1:\d+\/\.localhooks\/llm\/v1$/);
    assert.equal(env.keySet, true);
    assert.match(app.logs.text(), /LLM: offline/);
  } finally {
    await app.close();
  }
});

test('LLM --llm-url/--llm-model: the app’s OpenAI calls reach a local OpenAI-compatible server with the mapped model', async () => {
  const seen: { model: string }[] = [];
  const upstream = Fastify();
  upstream.post('/v1/chat/completions', async (req) => {
    seen.push(req.body as { model: string });
    return { id: 'x', object: 'chat.completion', created: 0, model: (req.body as { model: string }).model, choices: [{ index: 0, message: { role: 'assistant', content: 'from the local model' }, finish_reason: 'stop' }] };
  });
  await upstream.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(upstream.server.address() as { port: number }).port}/v1`;
  const app = await startFixture('openai-app', { llm: { url, model: 'llama3.2' } });
  try {
    const r = await app.json<Chat>('/node-fetch', postJson(summarize));
    assert.equal(r.body.choices[0]!.message.content, 'from the local model');
    assert.deepEqual(seen.map((b) => b.model), ['llama3.2']);
  } finally {
    await app.close();
    await upstream.close();
  }
});

test('LLM --llm-faults: injected 429s reach the app with retry-after', async () => {
  const app = await startFixture('openai-app', { llm: { faults: '429:first1' } });
  try {
    const first = await app.fetch('/global-fetch', postJson(summarize));
    assert.equal(first.status, 429);
    assert.equal((await app.json('/global-fetch', postJson(summarize))).status, 200);
  } finally {
    await app.close();
  }
});

test('LLM --llm replay: a call with no recording fails clearly', async () => {
  const app = await startFixture('openai-app', { llm: { mode: 'replay' } });
  try {
    const r = await app.json<{ error: { message: string } }>('/node-fetch', postJson(summarize));
    assert.equal(r.status, 404);
    assert.match(r.body.error.message, /--llm record/);
  } finally {
    await app.close();
  }
});

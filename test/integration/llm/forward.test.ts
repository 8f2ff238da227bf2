import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { recordingKey } from '../../../runtime/llm/index.js';
import { postJson, readSse, startFakeUpstream, startLlm } from './llm-server.js';
import type { FakeUpstream } from './llm-server.js';

let upstream: FakeUpstream;
let dir: string;
before(async () => {
  upstream = await startFakeUpstream();
  dir = await mkdtemp(join(tmpdir(), 'lh-llm-'));
});
after(async () => {
  await upstream.close();
  await rm(dir, { recursive: true, force: true });
});

const ask = (content: string) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }], max_tokens: 50 });

test('llm live: forwards to upstreamUrl with apiKey, replacing the model with upstreamModel', async () => {
  const calls: string[] = [];
  const fetchImpl: typeof fetch = (input, init) => {
    calls.push(String(input));
    return fetch(input, init);
  };
  const server = await startLlm({ mode: 'live', upstreamUrl: upstream.url, upstreamModel: 'llama3.2', apiKey: 'sk-upstream', fetchImpl });
  try {
    const before = upstream.seen.length;
    const res = await postJson(`${server.base}/chat/completions`, ask('hello upstream'));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-request-id'), 'req_upstream_1');
    const body = (await res.json()) as any;
    assert.equal(body.choices[0].message.content, 'upstream answer to: hello upstream');
    const seen = upstream.seen[before]!;
    assert.equal(seen.url, '/v1/chat/completions');
    assert.equal(seen.body.model, 'llama3.2', 'the upstream sees the mapped model');
    assert.equal(seen.body.max_tokens, 50, 'the rest of the request is unchanged');
    assert.equal(seen.authorization, 'Bearer sk-upstream');
    assert.deepEqual(calls, [`${upstream.url}/chat/completions`]);
  } finally {
    await server.close();
  }
});

test('llm live: without apiKey the caller’s authorization is passed on; GET /models is forwarded', async () => {
  const server = await startLlm({ upstreamUrl: upstream.url }); // --llm-url alone means live
  try {
    const before = upstream.seen.length;
    await (await postJson(`${server.base}/chat/completions`, ask('hi'), { authorization: 'Bearer sk-app' })).json();
    assert.equal(upstream.seen[before]!.authorization, 'Bearer sk-app');
    assert.equal(upstream.seen[before]!.body.model, 'gpt-4o-mini', 'no upstreamModel: the model is kept');
    const models = (await (await fetch(`${server.base}/models`)).json()) as any;
    assert.deepEqual(models.data.map((m: any) => m.id), ['llama3.2']);
  } finally {
    await server.close();
  }
});

test('llm live: streaming is passed through chunk for chunk (openai client)', async () => {
  const server = await startLlm({ mode: 'live', upstreamUrl: upstream.url, upstreamModel: 'llama3.2' });
  try {
    const client = new OpenAI({ baseURL: server.base, apiKey: 'sk-local', maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'stream me' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    assert.equal(text, 'upstream answer to: stream me');
  } finally {
    await server.close();
  }
});

test('llm live: an upstream 429 comes back with its status and rate-limit headers', async () => {
  const server = await startLlm({ mode: 'live', upstreamUrl: upstream.url });
  try {
    const res = await postJson(`${server.base}/chat/completions`, ask('please 429'));
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '7');
    assert.equal(res.headers.get('x-ratelimit-remaining-requests'), '0');
    assert.equal(((await res.json()) as any).error.code, 'rate_limit_exceeded');
  } finally {
    await server.close();
  }
});

test('llm live: an unreachable upstream gives 502 LH_LLM_UPSTREAM naming the URL', async () => {
  const gone = await startFakeUpstream();
  await gone.close(); // its port is now closed
  const server = await startLlm({ mode: 'live', upstreamUrl: gone.url });
  try {
    const res = await postJson(`${server.base}/chat/completions`, ask('hi'));
    assert.equal(res.status, 502);
    assert.equal(res.headers.get('x-localhooks-error'), 'LH_LLM_UPSTREAM');
    const body = (await res.json()) as any;
    assert.equal(body.error.type, 'server_error');
    assert.match(body.error.message, new RegExp(`Could not reach the LLM upstream at ${gone.url}/chat/completions`));
    assert.match(server.logger.text(), /warn llm: Could not reach the LLM upstream/);
  } finally {
    await server.close();
  }
});

test('llm record → replay: recorded calls are served offline, JSON and streams alike', async () => {
  const recordDir = join(dir, 'round-trip');
  const recorder = await startLlm({ mode: 'record', recordDir, upstreamUrl: upstream.url, upstreamModel: 'llama3.2' });
  const plainBody = ask('remember me');
  const streamBody = { ...ask('stream me later'), stream: true };
  let recorded: any;
  let recordedStream: string;
  try {
    recorded = await (await postJson(`${recorder.base}/chat/completions`, plainBody)).json();
    recordedStream = (await readSse(await postJson(`${recorder.base}/chat/completions`, streamBody))).raw;
    await (await postJson(`${recorder.base}/chat/completions`, ask('please 429'))).arrayBuffer();
  } finally {
    await recorder.close();
  }
  const files = (await readdir(recordDir)).sort();
  const key = recordingKey('POST', '/chat/completions', plainBody);
  assert.equal(files.length, 2, `the 429 is not recorded: ${files.join(', ')}`);
  assert.ok(files.includes(`${key}.json`));
  const file = JSON.parse(await readFile(join(recordDir, `${key}.json`), 'utf8'));
  assert.equal(file.request.model, 'gpt-4o-mini', 'the app’s request is stored, before model mapping');
  assert.equal(file.response.status, 200);
  assert.ok(!JSON.stringify(file).includes('sk-local'), 'no credentials in recordings');

  const seenBefore = upstream.seen.length;
  const replayer = await startLlm({ mode: 'replay', recordDir });
  try {
    // Key order in the body does not matter: the key is over canonical JSON.
    const reordered = { max_tokens: 50, messages: plainBody.messages, model: 'gpt-4o-mini' };
    const res = await postJson(`${replayer.base}/chat/completions`, reordered);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-localhooks-recording'), key);
    assert.deepEqual(await res.json(), recorded);
    const streamed = await postJson(`${replayer.base}/chat/completions`, streamBody);
    assert.match(streamed.headers.get('content-type') ?? '', /^text\/event-stream/);
    const replayedStream = await readSse(streamed);
    assert.equal(replayedStream.raw, recordedStream!);
    assert.equal(replayedStream.chunks.map((c) => c.choices[0].delta.content ?? '').join(''), 'upstream answer to: stream me later');
    assert.equal(upstream.seen.length, seenBefore, 'replay never calls the upstream');
  } finally {
    await replayer.close();
  }
});

test('llm replay: a miss is a clear 404 naming the hash and --llm record', async () => {
  const recordDir = join(dir, 'empty');
  const server = await startLlm({ mode: 'replay', recordDir });
  try {
    const body = ask('never recorded');
    const res = await postJson(`${server.base}/chat/completions`, body);
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('x-localhooks-error'), 'LH_LLM_REPLAY_MISS');
    const err = ((await res.json()) as any).error;
    assert.equal(err.type, 'invalid_request_error');
    assert.ok(err.message.includes(recordingKey('POST', '/chat/completions', body)));
    assert.match(err.message, /--llm record/);
    assert.ok(err.message.includes(recordDir));
  } finally {
    await server.close();
  }
});

test('llm record: faults apply before forwarding, and are not recorded', async () => {
  const recordDir = join(dir, 'faulty');
  const before = upstream.seen.length;
  const server = await startLlm({ mode: 'record', recordDir, upstreamUrl: upstream.url, faults: '503:first1' });
  try {
    const first = await postJson(`${server.base}/chat/completions`, ask('x'));
    assert.equal(first.status, 503);
    assert.equal(upstream.seen.length, before, 'a faulted call never reaches the upstream');
    const second = await postJson(`${server.base}/chat/completions`, ask('x'));
    assert.equal(second.status, 200);
    assert.equal((await readdir(recordDir)).length, 1);
  } finally {
    await server.close();
  }
});

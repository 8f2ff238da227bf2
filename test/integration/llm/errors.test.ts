import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { postJson, startLlm } from './llm-server.js';
import type { LlmServer } from './llm-server.js';

let server: LlmServer;
before(async () => {
  server = await startLlm();
});
after(() => server.close());

async function expectError(res: Response, status: number, expected: { param?: string | null; code?: string | null; message?: RegExp; type?: string }) {
  assert.equal(res.status, status);
  const body = (await res.json()) as any;
  assert.deepEqual(Object.keys(body), ['error']);
  assert.deepEqual(Object.keys(body.error).sort(), ['code', 'message', 'param', 'type']);
  assert.equal(body.error.type, expected.type ?? 'invalid_request_error');
  if ('param' in expected) assert.equal(body.error.param, expected.param);
  if ('code' in expected) assert.equal(body.error.code, expected.code);
  if (expected.message) assert.match(body.error.message, expected.message);
  return body;
}

const chat = (body: unknown) => postJson(`${server.base}/chat/completions`, body);
const user = [{ role: 'user', content: 'hi' }];

test('llm errors: missing model → 400 invalid_request_error', async () => {
  const res = await chat({ messages: user });
  await expectError(res, 400, { param: null, message: /you must provide a model parameter/ });
  assert.equal(res.headers.get('x-localhooks-error'), 'LH_LLM_BAD_REQUEST');
});

test('llm errors: missing messages → 400 missing_required_parameter', async () => {
  await expectError(await chat({ model: 'gpt-4o-mini' }), 400, { param: 'messages', code: 'missing_required_parameter', message: /'messages'/ });
});

test('llm errors: messages not an array → 400 invalid_type', async () => {
  await expectError(await chat({ model: 'gpt-4o-mini', messages: 'hello' }), 400, { param: 'messages', code: 'invalid_type', message: /expected an array of objects, but got a string/ });
});

test('llm errors: empty messages → 400 empty_array', async () => {
  await expectError(await chat({ model: 'gpt-4o-mini', messages: [] }), 400, { param: 'messages', code: 'empty_array' });
});

test('llm errors: bad role → 400 invalid_value naming the message', async () => {
  await expectError(await chat({ model: 'gpt-4o-mini', messages: [...user, { role: 'robot', content: 'x' }] }), 400, {
    param: 'messages[1].role',
    code: 'invalid_value',
    message: /Invalid value: 'robot'. Supported values are: 'system', .*'developer'/,
  });
});

test('llm errors: message without content, bad max_tokens, bad temperature → 400', async () => {
  await expectError(await chat({ model: 'm', messages: [{ role: 'user' }] }), 400, { param: 'messages[0].content', code: 'missing_required_parameter' });
  await expectError(await chat({ model: 'm', messages: user, max_tokens: 0 }), 400, { param: 'max_tokens', code: 'integer_below_min_value' });
  await expectError(await chat({ model: 'm', messages: user, max_tokens: 'ten' }), 400, { param: 'max_tokens', code: 'invalid_type' });
  await expectError(await chat({ model: 'm', messages: user, temperature: 3 }), 400, { param: 'temperature', code: 'decimal_above_max_value' });
});

test('llm errors: non-JSON body → 400 invalid_request_error', async () => {
  const send = (body: string, contentType?: string) =>
    fetch(`${server.base}/chat/completions`, { method: 'POST', headers: contentType ? { 'content-type': contentType } : {}, body });
  await expectError(await send('{"model": "gpt-4o-mini", "messages": [', 'application/json'), 400, { param: null, message: /could not parse the JSON body/ });
  await expectError(await send('model=gpt-4o-mini', 'application/x-www-form-urlencoded'), 400, { message: /could not parse the JSON body/ });
  await expectError(await send('hello'), 400, { message: /could not parse the JSON body/ });
  await expectError(await send('', 'application/json'), 400, { message: /you must provide a model parameter/ });
});

test('llm errors: unknown route → 404 with an OpenAI error body', async () => {
  const body = await expectError(await postJson(`${server.base}/chat/complete`, { model: 'm', messages: user }), 404, {
    message: /Invalid URL \(POST \/\.localhooks\/llm\/v1\/chat\/complete\)/,
  });
  assert.equal(body.error.param, null);
  await expectError(await fetch(`${server.base}/chat/completions`), 404, { message: /GET/ });
});

test('llm errors: unknown model id → 404 model_not_found', async () => {
  await expectError(await fetch(`${server.base}/models/no-such-model`), 404, { param: 'model', code: 'model_not_found' });
});

test('llm errors: embeddings without input → 400', async () => {
  await expectError(await postJson(`${server.base}/embeddings`, { model: 'text-embedding-3-small' }), 400, { param: 'input', code: 'missing_required_parameter' });
  await expectError(await postJson(`${server.base}/embeddings`, { model: 'text-embedding-3-small', input: 'x', dimensions: 0 }), 400, { param: 'dimensions' });
});

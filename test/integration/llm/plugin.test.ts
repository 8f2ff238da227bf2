import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { createMemoryLogger } from '../../../runtime/logger.js';
import { LLM_PREFIX, LlmStats, registerLlm } from '../../../runtime/llm/index.js';

test('llm plugin: app.register(registerLlm) serves under LLM_PREFIX and leaves the host app alone', async () => {
  const app = Fastify();
  app.get('/dev/hello', async () => ({ hello: 'world' }));
  app.setNotFoundHandler((_req, reply) => reply.code(404).send({ error: 'app 404', code: 'APP' }));
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.post('/dev/echo', async (req) => ({ got: req.body }));
  await app.register(registerLlm, { logger: createMemoryLogger(), stats: new LlmStats() });
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const { port } = app.server.address() as { port: number };
    const root = `http://127.0.0.1:${port}`;
    const models = await fetch(`${root}${LLM_PREFIX}/models`);
    assert.equal(models.status, 200);
    assert.deepEqual(await (await fetch(`${root}/dev/hello`)).json(), { hello: 'world' });
    // The host's 404 and body parsers are untouched by the LLM routes' own.
    assert.deepEqual(await (await fetch(`${root}/dev/nope`)).json(), { error: 'app 404', code: 'APP' });
    const echo = await fetch(`${root}/dev/echo`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'plain' });
    assert.deepEqual(await echo.json(), { got: 'plain' });
    const llm404 = (await (await fetch(`${root}${LLM_PREFIX}/nope`)).json()) as any;
    assert.match(llm404.error.message, /Invalid URL/);
  } finally {
    await app.close();
  }
});

test('llm plugin: bad options fail registration with LH_LLM_CONFIG', async () => {
  const app = Fastify();
  await assert.rejects(registerLlm(app, { mode: 'replay', logger: createMemoryLogger() }), /LH_LLM_CONFIG|recordings folder/);
  await app.close();
});

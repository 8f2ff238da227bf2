/**
 * Calls per second of the offline LLM endpoint (served by localhooks, hello fixture) for plain chat, structured
 * output (a JSON schema), a streamed chat, the Responses API and Anthropic Messages, beside a bare fastify route
 * that echoes the same JSON body, all in one run. Load: autocannon in a child process.
 * Run: `npm run build && node dist/bench/llm/index.js` (or `npm run bench -- llm`); BENCH_SECONDS sets the length.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import { LLM_PREFIX } from '../../runtime/admin/prefix.js';
import { startLocalhooks } from '../../runtime/app.js';
import { createLogger } from '../../runtime/logger.js';
import { autocannon as load, type Load } from '../load.js';

const REPO = new URL('../../../', import.meta.url).pathname;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 16;
const autocannon = (url: string, body: object, seconds: number) => load(url, { connections: CONNECTIONS, seconds, body });

const TEXT =
  'Crash on startup when the config file is missing. When I start the server without a config.json file, the process crashes ' +
  'immediately with an uncaught exception. The stack trace points to the config loader, which assumes the config file always ' +
  'exists. I expected the server to fall back to default settings. This happens on version 2.3.1 with Node 20 on Ubuntu.';
const messages = [{ role: 'user', content: `Summarize this:\n\n${TEXT}` }];
const TRIAGE = {
  type: 'object',
  properties: {
    category: { type: 'string', enum: ['bug', 'feature', 'question'] },
    summary: { type: 'string' },
    sentiment: { type: 'string', enum: ['positive', 'negative', 'neutral'] },
    keywords: { type: 'array', items: { type: 'string' }, maxItems: 5 },
    confidence: { type: 'number', minimum: 0, maximum: 1 },
  },
  required: ['category', 'summary', 'sentiment', 'keywords', 'confidence'],
  additionalProperties: false,
};

const CASES: Array<{ name: string; path: string; body: object }> = [
  { name: 'chat', path: '/chat/completions', body: { model: 'gpt-4o-mini', messages } },
  {
    name: 'structured output',
    path: '/chat/completions',
    body: { model: 'gpt-4o-mini', messages, response_format: { type: 'json_schema', json_schema: { name: 'triage', schema: TRIAGE, strict: true } } },
  },
  { name: 'chat stream', path: '/chat/completions', body: { model: 'gpt-4o-mini', messages, stream: true } },
  { name: 'responses', path: '/responses', body: { model: 'gpt-4o-mini', input: messages[0]!.content, store: false } },
  { name: 'anthropic messages', path: '/messages', body: { model: 'claude-haiku-4-5', max_tokens: 300, messages } },
];

export async function run(log: (line: string) => void = console.log): Promise<Record<string, number>> {
  const dir = await mkdtemp(join(tmpdir(), 'lh-bench-llm-'));
  await cp(join(REPO, 'test', 'fixtures', 'hello-app'), dir, { recursive: true });
  const lh = await startLocalhooks({ appDir: dir, port: 0, watch: false, storage: 'memory', logger: createLogger({ level: 'warn' }) });
  const bare = Fastify({ logger: false, bodyLimit: 16 * 1024 * 1024 });
  bare.post('/echo', async (request) => request.body);
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const echoUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/echo`;
  const base = `http://127.0.0.1:${lh.port}${LLM_PREFIX}`;
  const out: Record<string, number> = {};
  try {
    log(`llm: POST calls per second, ${CONNECTIONS} connections, ${SECONDS} s each (autocannon in a child process)`);
    const line = (name: string, l: Load, vs?: number) =>
      log(`  ${name.padEnd(20)} ${l.rps.toFixed(0).padStart(7)} calls/s   p50 ${l.p50} ms   p99 ${l.p99} ms   errors ${l.errors}${vs ? `   ${(l.rps / vs).toFixed(2)} of echo` : ''}`);
    await autocannon(echoUrl, CASES[0]!.body, 1); // warm-up
    const echo = await autocannon(echoUrl, CASES[0]!.body, SECONDS);
    line('bare fastify echo', echo);
    out.echo = echo.rps;
    for (const c of CASES) {
      await autocannon(`${base}${c.path}`, c.body, 1);
      const l = await autocannon(`${base}${c.path}`, c.body, SECONDS);
      line(c.name, l, echo.rps);
      out[c.name] = l.rps;
    }
    return out;
  } finally {
    await bare.close();
    await lh.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await run();

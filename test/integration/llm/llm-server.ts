// Test helpers for the LLM endpoint: a localhooks LLM server and a fake OpenAI-compatible upstream, both on
// ephemeral 127.0.0.1 ports.
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { LLM_PREFIX } from '../../../runtime/admin/prefix.js';
import { createMemoryLogger } from '../../../runtime/logger.js';
import { LlmStats, registerLlm } from '../../../runtime/llm/index.js';
import type { LlmOptions } from '../../../runtime/llm/index.js';

export interface LlmServer {
  app: FastifyInstance;
  base: string;
  logger: ReturnType<typeof createMemoryLogger>;
  stats: LlmStats;
  close(): Promise<void>;
}

export async function startLlm(options: Partial<LlmOptions> = {}): Promise<LlmServer> {
  const app = Fastify();
  const logger = createMemoryLogger();
  const stats = new LlmStats();
  await registerLlm(app, { logger, stats, ...options });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return { app, base: `http://127.0.0.1:${port}${LLM_PREFIX}`, logger, stats, close: () => app.close() };
}

export interface SeenRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  body: any;
}

export interface FakeUpstream {
  url: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

/**
 * Plays an OpenAI-compatible server (OpenAI, Ollama, LM Studio) at `<url>` = `http://127.0.0.1:<port>/v1`.
 * It answers `upstream answer to: <last user message>` and echoes the model it received; a user message of
 * `please 429` gets a 429 with OpenAI's headers.
 */
export async function startFakeUpstream(): Promise<FakeUpstream> {
  const app = Fastify();
  const seen: SeenRequest[] = [];
  app.addHook('onRequest', async (req) => {
    seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization, body: undefined });
  });
  app.addHook('preHandler', async (req) => {
    seen[seen.length - 1]!.body = req.body;
  });
  app.post('/v1/chat/completions', async (req, reply) => {
    const body = req.body as any;
    const last = body.messages.at(-1).content as string;
    if (last === 'please 429') {
      return reply.code(429).headers({ 'retry-after': '7', 'x-ratelimit-remaining-requests': '0' }).send({
        error: { message: 'Rate limit reached (upstream)', type: 'requests', param: null, code: 'rate_limit_exceeded' },
      });
    }
    const content = `upstream answer to: ${last}`;
    const base = { id: 'chatcmpl-upstream', created: 1_700_000_000, model: body.model };
    if (body.stream) {
      const frames = [
        { ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
        ...content.split(/(?<= )/).map((piece) => ({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })),
        { ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
      ];
      reply.header('content-type', 'text/event-stream');
      return reply.send(frames.map((f) => `data: ${JSON.stringify(f)}\n\n`).join('') + 'data: [DONE]\n\n');
    }
    reply.header('x-request-id', 'req_upstream_1');
    return {
      ...base,
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 },
    };
  });
  app.get('/v1/models', async () => ({ object: 'list', data: [{ id: 'llama3.2', object: 'model', created: 1, owned_by: 'library' }] }));
  app.post('/v1/embeddings', async (req) => ({
    object: 'list',
    data: [{ object: 'embedding', index: 0, embedding: [1, 0, 0] }],
    model: (req.body as any).model,
    usage: { prompt_tokens: 1, total_tokens: 1 },
  }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/v1`, seen, close: () => app.close() };
}

/** A POST with a JSON body, the way the summarizer's `callOpenAIWithRetry` sends it. */
export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-local', ...headers },
    body: JSON.stringify(body),
  });
}

/** Reads a server-sent-events body into its parsed `data:` chunks (without `[DONE]`) and whether `[DONE]` came last. */
export async function readSse(res: Response): Promise<{ chunks: any[]; done: boolean; raw: string }> {
  const raw = await res.text();
  const datas = raw
    .split('\n\n')
    .filter((frame) => frame.startsWith('data: '))
    .map((frame) => frame.slice('data: '.length));
  const done = datas.at(-1) === '[DONE]';
  return { chunks: datas.filter((d) => d !== '[DONE]').map((d) => JSON.parse(d)), done, raw };
}

/**
 * The flagship summarizer's helper, kept as written in the app (templates' `callOpenAIWithRetry`), with the
 * URL and the sleep injected so tests record the back-off instead of waiting it out.
 */
export async function callOpenAIWithRetry(
  url: string,
  messages: Array<{ role: string; content: string }>,
  options: { model?: string; temperature?: number; max_tokens?: number } = {},
  maxRetries = 3,
  sleep: (ms: number) => Promise<void> = async () => {},
  attempts: Array<{ attempt: number; status: number }> = [],
): Promise<string> {
  for (let attempt = 1; attempt <= maxRetries; attempt++) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-local' },
        body: JSON.stringify({
          model: options.model || 'gpt-4o-mini',
          messages,
          temperature: options.temperature ?? 0.3,
          max_tokens: options.max_tokens ?? 300,
        }),
      });
      attempts.push({ attempt, status: response.status });
      if (response.status === 429) {
        const delay = Math.pow(2, attempt) * 1000;
        if (attempt < maxRetries) {
          await sleep(delay);
          continue;
        }
      }
      if (!response.ok) {
        const error = await response.text().catch(() => 'Unknown error');
        throw new Error(`OpenAI API error ${response.status}: ${error}`);
      }
      const data = (await response.json()) as any;
      return data?.choices?.[0]?.message?.content?.trim() || '';
    } catch (error) {
      if (attempt === maxRetries) throw error;
      await sleep(1000 * attempt);
    }
  }
  return '';
}

export const ARTICLE = `Crash on startup when the config file is missing

When I start the server without a config.json file, the process crashes immediately with an uncaught exception. The stack trace points to the config loader, which assumes the config file always exists. I expected the server to fall back to default settings or to print a clear error message about the missing config file. This happens on version 2.3.1 with Node 20 on Ubuntu. The weather was nice today. Deleting the config file reproduces the crash every time.`;

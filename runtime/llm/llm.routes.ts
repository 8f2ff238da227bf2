import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { LLM_PREFIX } from '../admin/prefix.js';
import { chatChunks, chatCompletion, shapeContent } from './chat-completion.js';
import type { CompletionMeta } from './chat-completion.js';
import { completionAnswers, textCompletion, textCompletionChunks } from './completions.js';
import { embeddingResponse, validateEmbeddingRequest } from './embeddings.js';
import { badRequest } from './errors.js';
import { delay, FaultInjector, injectedError } from './faults.js';
import { answerText, promptText, type LlmCall } from './journal.js';
import { isListedModel, modelList, modelObject } from './models.js';
import { modelNotFound, notFoundError, sendOpenAiError } from './openai-error.js';
import type { ResolvedLlmOptions } from './options.js';
import { promptParts } from './prompt.js';
import { proxyCall, replayCall } from './proxy.js';
import { canonicalJson, RecordingStore } from './recording.store.js';
import { DEFAULT_MAX_TOKENS, respond } from './responders/router.js';
import { sendSse } from './sse.js';
import { validateChatRequest, validateCompletionRequest } from './validate.js';

// Long documents go into summarize prompts; fastify's 1 MiB default is too small for them.
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** The routes under LLM_PREFIX (registered with that prefix by `registerLlm`). */
export async function llmRoutes(app: FastifyInstance, o: ResolvedLlmOptions): Promise<void> {
  const faults = o.faults ? new FaultInjector(o.faults, o.random) : null;
  const store = o.recordDir ? new RecordingStore(o.recordDir) : null;
  let calls = 0;
  /** The journal entry of each model call in flight, with its arrival time for the latency. */
  const journaled = new WeakMap<FastifyRequest, { call: LlmCall; started: number }>();
  const noteAnswer = (request: FastifyRequest, content: string): void => {
    const j = journaled.get(request);
    if (j) j.call.answer = content;
  };

  // OpenAI clients always send JSON; whatever arrives is parsed as JSON so every failure gets OpenAI's 400.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_BODY_BYTES }, (_req, text, done) => {
    if (String(text).trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(String(text)));
    } catch {
      done(
        badRequest(
          "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. " +
            'The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)',
        ),
        undefined,
      );
    }
  });
  app.setErrorHandler((err, request, reply) => sendOpenAiError(err, request, reply, o.logger));
  app.setNotFoundHandler((request, reply) => sendOpenAiError(notFoundError(request.method, request.url), request, reply, o.logger));
  // Counted as the response leaves (onSend), so a client that has its answer also sees it counted.
  app.addHook('onSend', async (request, reply, payload) => {
    const url = request.routeOptions.url;
    o.stats.record(url ? `${request.method} ${url.slice(LLM_PREFIX.length) || '/'}` : 'unknown', reply.statusCode);
    const j = journaled.get(request);
    if (j) {
      j.call.status = reply.statusCode;
      j.call.latencyMs = performance.now() - j.started;
      if (typeof payload === 'string') j.call.response = parseJson(payload);
      if (reply.statusCode >= 400) j.call.answer = null;
      else j.call.answer ??= answerText(j.call.response);
    }
    return payload;
  });

  const meta = (prefix: string, model: string, body: unknown): CompletionMeta => ({
    // Unique per call (the counter) yet reproducible from a fresh start (no randomness).
    id: `${prefix}-${createHash('sha256').update(`${++calls}\n${canonicalJson(body)}`).digest('hex').slice(0, 29)}`,
    created: Math.floor(o.clock.now() / 1000),
    model,
  });

  /**
   * Model calls: the test's script first (a scripted fault or reply), then `--llm-faults`, then the answer:
   * offline, from the upstream, or from a recording. `scripted` answers a scripted reply (chat, completions).
   */
  const modelCall = (path: string, offline: Handler, scripted?: (request: FastifyRequest, reply: FastifyReply, content: string) => unknown): Handler => async (request, reply) => {
    const route = `POST ${path}`;
    const prompt = promptText(request.body);
    const model = (request.body as { model?: unknown } | undefined)?.model;
    const modelName = typeof model === 'string' ? model : 'gpt-4o-mini';
    const call = o.journal?.open(route, request.body, prompt, o.clock.now());
    if (call) journaled.set(request, { call, started: performance.now() });
    const decision = o.script?.take({ route, model: call?.model ?? null, prompt, body: request.body }, { replies: scripted !== undefined }) ?? null;
    if (decision?.kind === 'fail') {
      o.stats.fault();
      if (call) call.fault = { status: decision.status, source: 'script' };
      o.logger.info(`llm: injected ${decision.status} on ${request.method} ${path} (scripted by the test)`);
      throw injectedError(decision.status, modelName, decision.retryAfterSec, '(Injected by the test: server.llm.fail().)');
    }
    if (faults) {
      await delay(o.clock, faults.latencyMs);
      const status = faults.next();
      if (status !== null) {
        o.stats.fault();
        if (call) call.fault = { status, source: 'faults' };
        o.logger.info(`llm: injected ${status} on ${request.method} ${path}`);
        throw faults.error(status, modelName);
      }
    }
    if (decision?.kind === 'reply' && scripted) {
      if (call) call.scripted = true;
      noteAnswer(request, decision.content);
      return scripted(request, reply, decision.content);
    }
    if (o.mode === 'offline') return offline(request, reply);
    if (o.mode === 'replay') return replayCall(store!, request, reply, path);
    return proxyCall(o, store, request, reply, path);
  };
  const post: RouteShorthandOptions = { bodyLimit: MAX_BODY_BYTES };

  app.post(
    '/chat/completions',
    post,
    modelCall('/chat/completions', async (request, reply) => {
      const req = validateChatRequest(request.body);
      const answer = respond(promptParts(req.messages), req.max_completion_tokens ?? req.max_tokens ?? DEFAULT_MAX_TOKENS);
      o.logger.debug(`llm: chat answered offline as ${answer.intent} (${answer.content.length} chars, ${answer.finishReason})`);
      const m = meta('chatcmpl', req.model, request.body);
      noteAnswer(request, shapeContent(req, answer.content));
      return req.stream ? sendSse(reply, chatChunks(req, answer, m)) : chatCompletion(req, answer, m);
    },
    (request, reply, content) => {
      // The script's text is the answer as written: JSON mode does not wrap it again.
      const req = { ...validateChatRequest(request.body), response_format: undefined };
      const answer = { content, finishReason: 'stop' as const };
      const m = meta('chatcmpl', req.model, request.body);
      return req.stream ? sendSse(reply, chatChunks(req, answer, m)) : chatCompletion(req, answer, m);
    }),
  );

  app.post(
    '/completions',
    post,
    modelCall('/completions', async (request, reply) => {
      const req = validateCompletionRequest(request.body);
      const answers = completionAnswers(req.prompt, req.max_tokens);
      const m = meta('cmpl', req.model, request.body);
      noteAnswer(request, answers.map((a) => a.content).join('\n'));
      return req.stream ? sendSse(reply, textCompletionChunks(answers, m)) : textCompletion(req.prompt, answers, m);
    },
    (request, reply, content) => {
      const req = validateCompletionRequest(request.body);
      const answers = req.prompt.map(() => ({ content, finishReason: 'stop' as const }));
      const m = meta('cmpl', req.model, request.body);
      return req.stream ? sendSse(reply, textCompletionChunks(answers, m)) : textCompletion(req.prompt, answers, m);
    }),
  );

  app.post(
    '/embeddings',
    post,
    modelCall('/embeddings', async (request) => embeddingResponse(validateEmbeddingRequest(request.body))),
  );

  // Listing models is not a model call: no faults, but still forwarded or replayed outside offline mode.
  const listing = (path: (r: FastifyRequest) => string, offline: Handler): Handler => async (request, reply) => {
    if (o.mode === 'offline') return offline(request, reply);
    if (o.mode === 'replay') return replayCall(store!, request, reply, path(request));
    return proxyCall(o, store, request, reply, path(request));
  };
  app.get('/models', listing(() => '/models', async () => modelList()));
  app.get(
    '/models/:id',
    listing(
      (r) => `/models/${encodeURIComponent((r.params as { id: string }).id)}`,
      async (request) => {
        const { id } = request.params as { id: string };
        if (!isListedModel(id)) throw modelNotFound(id);
        return modelObject(id);
      },
    ),
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

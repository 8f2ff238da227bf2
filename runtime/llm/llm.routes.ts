import type { FastifyInstance } from 'fastify';
import { LLM_PREFIX } from '../admin/prefix.js';
import { badRequest } from './errors.js';
import { deliver, needsDelivery } from './fault-delivery.js';
import { answerText } from './journal.js';
import { messagesRoutes } from './messages.routes.js';
import { LlmContext, MAX_BODY_BYTES } from './model-call.js';
import { notFoundError, sendOpenAiError } from './openai-error.js';
import { openaiRoutes } from './openai.routes.js';
import type { ResolvedLlmOptions } from './options.js';
import { RecordingStore } from './recording.store.js';
import { responsesRoutes } from './responses.routes.js';

export { MAX_BODY_BYTES };

/** The routes under LLM_PREFIX (registered with that prefix by `registerLlm`): OpenAI's APIs and Anthropic's. */
export async function llmRoutes(app: FastifyInstance, o: ResolvedLlmOptions): Promise<void> {
  const ctx = new LlmContext(o, o.recordDir ? new RecordingStore(o.recordDir) : null);

  // API clients always send JSON; whatever arrives is parsed as JSON so every failure gets the API's 400.
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
  app.setErrorHandler((err, request, reply) => sendOpenAiError(err, request, reply, o.logger, o.clock.now()));
  app.setNotFoundHandler((request, reply) => sendOpenAiError(notFoundError(request.method, request.url), request, reply, o.logger, o.clock.now()));
  // Counted as the response leaves (onSend), so a client that has its answer also sees it counted.
  app.addHook('onSend', async (request, reply, payload) => {
    const url = request.routeOptions.url;
    o.stats.record(url ? `${request.method} ${url.slice(LLM_PREFIX.length) || '/'}` : 'unknown', reply.statusCode);
    const j = ctx.journaled.get(request);
    if (j) {
      j.call.status = reply.statusCode;
      j.call.latencyMs = performance.now() - j.started;
      if (typeof payload === 'string') j.call.response = parseJson(payload);
      if (reply.statusCode >= 400) j.call.answer = null;
      else j.call.answer ??= answerText(j.call.response);
    }
    const plan = ctx.plans.get(request);
    // Faults break only answers; an error response leaves as it is.
    return needsDelivery(plan) && reply.statusCode < 400 ? deliver(payload, plan, o.clock) : payload;
  });

  openaiRoutes(app, ctx);
  responsesRoutes(app, ctx);
  messagesRoutes(app, ctx);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { turnText } from './chat-completion.js';
import { answerTurn, type Turn } from './conversation.js';
import { LLM_ERROR_CODES, LlmError } from './errors.js';
import { MAX_BODY_BYTES, type LlmContext } from './model-call.js';
import { proxyCall, replayCall } from './proxy.js';
import { outputItems, outputMessages, responseEvents, responseObject } from './responses/responses-output.js';
import { parseResponsesRequest, type ResponsesRequest } from './responses/responses-request.js';
import { ResponseStore } from './responses/responses.store.js';
import { typedFrames } from './sse.js';
import { requireJsonWord } from './structured.js';

/**
 * OpenAI's Responses API: `POST /responses` (text or items in, typed events out when streaming), and
 * `GET`/`DELETE /responses/{id}` for the responses this server made in its lifetime (`previous_response_id`).
 */
export function responsesRoutes(app: FastifyInstance, ctx: LlmContext): void {
  const store = new ResponseStore();

  const send = (request: FastifyRequest, reply: FastifyReply, answer: (req: ResponsesRequest) => Turn) => {
    const req = parseResponsesRequest(request.body, store);
    const turn = answer(req);
    const m = ctx.meta('resp_', req.model, request.body);
    const items = outputItems(turn, m);
    const response = responseObject(req, turn, m, items, 'done');
    if (req.store) store.save(m.id, response, [...req.history, ...outputMessages(items)]);
    ctx.noteAnswer(request, turnText(turn));
    return req.stream ? ctx.sendFrames(request, reply, typedFrames(responseEvents(req, turn, m, items))) : response;
  };

  app.post(
    '/responses',
    { bodyLimit: MAX_BODY_BYTES },
    ctx.modelCall(
      '/responses',
      async (request, reply) =>
        send(request, reply, (req) => {
          if (req.conversation.format.type === 'json_object') {
            const text = req.conversation.messages.map((m) => JSON.stringify(m.content ?? '')).join('\n');
            requireJsonWord(text, "Response input messages must contain the word 'json' in some form to use 'text.format' of type 'json_object'.", 'input');
          }
          return answerTurn(req.conversation);
        }),
      (request, reply, content) => send(request, reply, () => ({ kind: 'text', content, finishReason: 'stop' })),
    ),
  );

  const notFound = (id: string) =>
    new LlmError(LLM_ERROR_CODES.NOT_FOUND, `Response with id '${id}' not found.`, { status: 404, param: 'response_id', openaiCode: null });
  // Outside offline mode the upstream made the responses: ask it (or the recordings).
  const elsewhere = (request: FastifyRequest, reply: FastifyReply) => {
    const path = `/responses/${encodeURIComponent((request.params as { id: string }).id)}`;
    return ctx.o.mode === 'replay' ? replayCall(ctx.recordings!, request, reply, path) : proxyCall(ctx.o, ctx.recordings, request, reply, path);
  };
  app.get('/responses/:id', async (request, reply) => {
    if (ctx.o.mode !== 'offline') return elsewhere(request, reply);
    const { id } = request.params as { id: string };
    return store.response(id) ?? Promise.reject(notFound(id));
  });
  app.delete('/responses/:id', async (request, reply) => {
    if (ctx.o.mode !== 'offline') return elsewhere(request, reply);
    const { id } = request.params as { id: string };
    if (!store.delete(id)) throw notFound(id);
    return { id, object: 'response', deleted: true };
  });
}

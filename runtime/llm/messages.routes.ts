import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { inputTokens, messageEvents, messageObject } from './anthropic/messages-output.js';
import { parseMessagesRequest } from './anthropic/messages-request.js';
import { turnText } from './chat-completion.js';
import { answerTurn, type Turn } from './conversation.js';
import { MAX_BODY_BYTES, type LlmContext } from './model-call.js';
import { proxyCall, replayCall } from './proxy.js';
import { typedFrames } from './sse.js';

/**
 * Anthropic's Messages API under the same prefix: `POST /messages` (and its stream of events) and
 * `POST /messages/count_tokens`. The Anthropic client's base URL is the prefix without `/v1`; the runner routes
 * `https://api.anthropic.com/v1/*` here offline. Errors leave in Anthropic's shape (see openai-error.ts).
 */
export function messagesRoutes(app: FastifyInstance, ctx: LlmContext): void {
  const send = (request: FastifyRequest, reply: FastifyReply, answer: (req: ReturnType<typeof parseMessagesRequest>) => Turn) => {
    const req = parseMessagesRequest(request.body);
    const turn = answer(req);
    const m = ctx.meta('msg_', req.model, request.body);
    ctx.noteAnswer(request, turnText(turn));
    return req.stream ? ctx.sendFrames(request, reply, typedFrames(messageEvents(req, turn, m))) : messageObject(req, turn, m);
  };

  app.post(
    '/messages',
    { bodyLimit: MAX_BODY_BYTES },
    ctx.modelCall(
      '/messages',
      async (request, reply) => send(request, reply, (req) => answerTurn(req.conversation)),
      (request, reply, content) => send(request, reply, () => ({ kind: 'text', content, finishReason: 'stop' })),
    ),
  );

  // Counting is not a model call (no faults), but still forwarded or replayed outside offline mode.
  app.post('/messages/count_tokens', { bodyLimit: MAX_BODY_BYTES }, async (request, reply) => {
    if (ctx.o.mode === 'replay') return replayCall(ctx.recordings!, request, reply, '/messages/count_tokens');
    if (ctx.o.mode !== 'offline') return proxyCall(ctx.o, ctx.recordings, request, reply, '/messages/count_tokens');
    const body = { max_tokens: 1, ...(request.body as Record<string, unknown>) };
    return { input_tokens: inputTokens(parseMessagesRequest(body)) };
  });
}

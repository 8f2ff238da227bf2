import type { FastifyInstance, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { chatChunks, chatCompletion, chatConversation, turnText } from './chat-completion.js';
import { completionAnswers, textCompletion, textCompletionChunks } from './completions.js';
import { answerTurn, type Turn } from './conversation.js';
import { embeddingResponse, validateEmbeddingRequest } from './embeddings.js';
import { MAX_BODY_BYTES, type Handler, type LlmContext } from './model-call.js';
import { isListedModel, modelList, modelObject } from './models.js';
import { modelNotFound } from './openai-error.js';
import { proxyCall, replayCall } from './proxy.js';
import { sseFrames } from './sse.js';
import { requireJsonWord } from './structured.js';
import type { ChatRequest } from './types.js';
import { validateChatRequest, validateCompletionRequest } from './validate.js';

/** Chat and text completions, embeddings and the model list, in OpenAI's shapes. */
export function openaiRoutes(app: FastifyInstance, ctx: LlmContext): void {
  const post: RouteShorthandOptions = { bodyLimit: MAX_BODY_BYTES };

  app.post(
    '/chat/completions',
    post,
    ctx.modelCall(
      '/chat/completions',
      async (request, reply) => {
        const req = validateChatRequest(request.body);
        const conversation = chatConversation(req);
        if (conversation.format.type === 'json_object') {
          const text = req.messages.map((m) => JSON.stringify(m.content ?? '')).join('\n');
          requireJsonWord(text, "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.", 'messages');
        }
        const turn = answerTurn(conversation);
        ctx.o.logger.debug(
          turn.kind === 'tools'
            ? `llm: chat answered offline with a call to ${turn.calls[0]!.name}`
            : `llm: chat answered offline as ${turn.intent} (${turn.content.length} chars, ${turn.finishReason})`,
        );
        return sendChat(request, reply, req, turn);
      },
      // The script's text is the answer as written, whatever format was asked for.
      (request, reply, content) => sendChat(request, reply, validateChatRequest(request.body), { kind: 'text', content, finishReason: 'stop' }),
    ),
  );

  const sendChat = (request: FastifyRequest, reply: Parameters<Handler>[1], req: ChatRequest, turn: Turn) => {
    const m = ctx.meta('chatcmpl-', req.model, request.body);
    ctx.noteAnswer(request, turnText(turn));
    return req.stream ? ctx.sendFrames(request, reply, sseFrames(chatChunks(req, turn, m))) : chatCompletion(req, turn, m);
  };

  app.post(
    '/completions',
    post,
    ctx.modelCall(
      '/completions',
      async (request, reply) => {
        const req = validateCompletionRequest(request.body);
        const answers = completionAnswers(req.prompt, req.max_tokens);
        const m = ctx.meta('cmpl-', req.model, request.body);
        ctx.noteAnswer(request, answers.map((a) => a.content).join('\n'));
        return req.stream ? ctx.sendFrames(request, reply, sseFrames(textCompletionChunks(answers, m))) : textCompletion(req.prompt, answers, m);
      },
      (request, reply, content) => {
        const req = validateCompletionRequest(request.body);
        const answers = req.prompt.map(() => ({ content, finishReason: 'stop' as const }));
        const m = ctx.meta('cmpl-', req.model, request.body);
        return req.stream ? ctx.sendFrames(request, reply, sseFrames(textCompletionChunks(answers, m))) : textCompletion(req.prompt, answers, m);
      },
    ),
  );

  app.post('/embeddings', post, ctx.modelCall('/embeddings', async (request) => embeddingResponse(validateEmbeddingRequest(request.body))));

  // Listing models is not a model call: no faults, but still forwarded or replayed outside offline mode.
  const listing = (path: (r: FastifyRequest) => string, offline: Handler): Handler => async (request, reply) => {
    if (ctx.o.mode === 'offline') return offline(request, reply);
    if (ctx.o.mode === 'replay') return replayCall(ctx.recordings!, request, reply, path(request));
    return proxyCall(ctx.o, ctx.recordings, request, reply, path(request));
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

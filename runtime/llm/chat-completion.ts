import { streamPieces } from './sse.js';
import { estimatePromptTokens, usageOf } from './tokens.js';
import type { Answer, ChatRequest, Usage } from './types.js';

/** What every response of one call shares. */
export interface CompletionMeta {
  id: string;
  created: number;
  model: string;
}

// OpenAI sends a fingerprint of its serving configuration; ours names the stand-in.
export const SYSTEM_FINGERPRINT = 'fp_localhooks';

/** In JSON mode a real model must answer with a JSON object; apps then `JSON.parse` the content. */
export function shapeContent(request: ChatRequest, content: string): string {
  return request.response_format?.type === 'json_object' ? JSON.stringify({ answer: content }) : content;
}

export function chatUsage(request: ChatRequest, content: string): Usage {
  return usageOf(estimatePromptTokens(request.messages), content);
}

export function chatCompletion(request: ChatRequest, answer: Answer, meta: CompletionMeta): object {
  const content = shapeContent(request, answer.content);
  return {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: answer.finishReason,
      },
    ],
    usage: chatUsage(request, content),
    system_fingerprint: SYSTEM_FINGERPRINT,
  };
}

/** The `chat.completion.chunk` objects of a streamed answer: role first, content pieces, finish, then usage. */
export function chatChunks(request: ChatRequest, answer: Answer, meta: CompletionMeta): object[] {
  const content = shapeContent(request, answer.content);
  const includeUsage = request.stream_options?.include_usage === true;
  const chunk = (delta: object, finishReason: string | null): object => ({
    id: meta.id,
    object: 'chat.completion.chunk',
    created: meta.created,
    model: meta.model,
    system_fingerprint: SYSTEM_FINGERPRINT,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    // With include_usage OpenAI puts `usage: null` on every chunk and the totals on one last chunk.
    ...(includeUsage ? { usage: null } : {}),
  });
  const chunks = [
    chunk({ role: 'assistant', content: '', refusal: null }, null),
    ...streamPieces(content).map((piece) => chunk({ content: piece }, null)),
    chunk({}, answer.finishReason),
  ];
  if (includeUsage) {
    chunks.push({
      id: meta.id,
      object: 'chat.completion.chunk',
      created: meta.created,
      model: meta.model,
      system_fingerprint: SYSTEM_FINGERPRINT,
      choices: [],
      usage: chatUsage(request, content),
    });
  }
  return chunks;
}

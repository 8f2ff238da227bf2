import type { CompletionMeta } from './chat-completion.js';
import { promptParts } from './prompt.js';
import { DEFAULT_MAX_TOKENS, respond } from './responders/router.js';
import { streamPieces } from './sse.js';
import { estimateTokens } from './tokens.js';
import type { Answer } from './types.js';

/** Legacy `POST /completions`: each prompt is answered as if it were one user message. */
export function completionAnswers(prompts: string[], maxTokens = DEFAULT_MAX_TOKENS): Answer[] {
  return prompts.map((p) => respond(promptParts([{ role: 'user', content: p }]), maxTokens));
}

function usage(prompts: string[], answers: Answer[]): object {
  const prompt = prompts.reduce((n, p) => n + estimateTokens(p), 0);
  const completion = answers.reduce((n, a) => n + estimateTokens(a.content), 0);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

export function textCompletion(prompts: string[], answers: Answer[], meta: CompletionMeta): object {
  return {
    id: meta.id,
    object: 'text_completion',
    created: meta.created,
    model: meta.model,
    choices: answers.map((a, index) => ({ text: a.content, index, logprobs: null, finish_reason: a.finishReason })),
    usage: usage(prompts, answers),
  };
}

export function textCompletionChunks(answers: Answer[], meta: CompletionMeta): object[] {
  const chunk = (index: number, text: string, finishReason: string | null): object => ({
    id: meta.id,
    object: 'text_completion',
    created: meta.created,
    model: meta.model,
    choices: [{ text, index, logprobs: null, finish_reason: finishReason }],
  });
  return answers.flatMap((a, index) => [
    ...streamPieces(a.content).map((piece) => chunk(index, piece, null)),
    chunk(index, '', a.finishReason),
  ]);
}

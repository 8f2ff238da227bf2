import type { ChatMessage, Usage } from './types.js';

/**
 * Token counts are estimates, not a tokenizer: English text averages about 4 characters per token in OpenAI's
 * tokenizers, which is close enough for `usage` and for honouring `max_tokens` offline.
 */
export const CHARS_PER_TOKEN = 4;
/** OpenAI's chat format spends about 3 tokens per message on role markers, and 3 more to prime the reply. */
const TOKENS_PER_MESSAGE = 3;
const REPLY_PRIMING_TOKENS = 3;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** The text of a message's content: a string, or the text parts of a content array. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (part && typeof part === 'object' && typeof part.text === 'string' ? part.text : ''))
    .filter((t) => t !== '')
    .join('\n');
}

export function estimatePromptTokens(messages: ChatMessage[]): number {
  let total = REPLY_PRIMING_TOKENS;
  for (const m of messages) total += TOKENS_PER_MESSAGE + estimateTokens(contentText(m.content));
  return total;
}

export function usageOf(promptTokens: number, completion: string): Usage {
  const completionTokens = estimateTokens(completion);
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}

/** Cuts `text` to at most `maxTokens` estimated tokens, at a word boundary when one is near. */
export function truncateToTokens(text: string, maxTokens: number): { text: string; truncated: boolean } {
  if (estimateTokens(text) <= maxTokens) return { text, truncated: false };
  const limit = Math.max(0, maxTokens * CHARS_PER_TOKEN);
  let cut = text.slice(0, limit);
  const space = cut.search(/\s\S*$/);
  // Keep a word boundary unless it would throw away more than a fifth of the budget.
  if (space > limit * 0.8) cut = cut.slice(0, space);
  return { text: cut.trimEnd(), truncated: true };
}

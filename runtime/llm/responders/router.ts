import { classify } from './classify.js';
import { fallbackAnswer } from './fallback.js';
import { extractLabels, type LabelList } from './labels.js';
import { sentimentLabel } from './sentiment.js';
import { summarize } from './summarize.js';
import type { PromptParts } from '../prompt.js';
import { splitSentences } from '../sentences.js';
import { truncateToTokens } from '../tokens.js';
import type { Answer } from '../types.js';

export type Intent = 'summarize' | 'classify' | 'sentiment' | 'fallback';

/** Without `max_tokens`, answers stay within this many tokens (a typical short completion). */
export const DEFAULT_MAX_TOKENS = 256;
// Where to look for an instruction when the user message has no "<instruction>:" head.
const INSTRUCTION_SCAN_CHARS = 200;
// Labels are looked for in the prompt's first paragraph, where instructions live, not deep in the text.
const LABEL_SCAN_CHARS = 500;

const INTENTS: ReadonlyArray<[Exclude<Intent, 'fallback'>, RegExp]> = [
  ['summarize', /\bsummar(?:y|ies|i[sz]e[sd]?|i[sz]ing|i[sz]ation)\b|\btl;?dr\b|\bsum(?:s|med|ming)? (?:it |this |that |them )?up\b|\brecap\b|\bcondense\b|\bkey points\b|\bgist\b/i],
  ['classify', /\bclassif(?:y|ies|ied|ication|ier)\b|\bcategori[sz]e[sd]?\b|\bcategor(?:y|ies)\b|\blabel(?:s|ed)?\b|\btriage\b/i],
  ['sentiment', /\bsentiments?\b|\bpositive,? (?:or|negative)\b|\bemotional tone\b/i],
];

/**
 * The intent whose keyword comes first in `text`, so "Classify, then summarize" classifies. Sentiment is a kind
 * of classification, so "Classify the sentiment" and "Label the sentiment" answer with a sentiment.
 */
export function detectIntent(text: string): Exclude<Intent, 'fallback'> | null {
  let best: { intent: Exclude<Intent, 'fallback'>; at: number } | null = null;
  const found = new Set<Intent>();
  for (const [intent, pattern] of INTENTS) {
    const at = text.search(pattern);
    if (at < 0) continue;
    found.add(intent);
    if (!best || at < best.at) best = { intent, at };
  }
  if (best?.intent === 'classify' && found.has('sentiment')) return 'sentiment';
  return best?.intent ?? null;
}

/** Which responder answers, and the text it works on. */
export function route(parts: PromptParts): { intent: Intent; text: string } {
  const inHead = parts.head ? detectIntent(parts.head) : null;
  if (inHead) return { intent: inHead, text: parts.body };
  const inSystem = parts.system ? detectIntent(parts.system) : null;
  if (inSystem) return { intent: inSystem, text: parts.user };
  const inOpening = parts.head ? null : detectIntent(parts.user.slice(0, INSTRUCTION_SCAN_CHARS));
  if (inOpening) return { intent: inOpening, text: withoutInstructionSentence(parts.user) };
  return { intent: 'fallback', text: parts.user };
}

/** "Please summarize the text below. The app crashed…" → the text after the instruction sentence. */
function withoutInstructionSentence(user: string): string {
  const [first, ...rest] = splitSentences(user);
  if (!first || rest.length === 0 || !detectIntent(first)) return user;
  return user.slice(user.indexOf(first) + first.length).trim();
}

/** The labels a prompt lists ("classify as bug, feature or question"), looked for where instructions live. */
export function promptLabels(parts: PromptParts): LabelList | null {
  return extractLabels(`${parts.system}\n${parts.user.split(/\n\s*\n/)[0]!.slice(0, LABEL_SCAN_CHARS)}`);
}

export function respond(parts: PromptParts, maxTokens: number = DEFAULT_MAX_TOKENS): Answer & { intent: Intent } {
  const { intent, text } = route(parts);
  const labelSource = () => promptLabels(parts);
  let answer: Answer;
  switch (intent) {
    case 'summarize':
      answer = summarize(text, maxTokens);
      break;
    case 'classify':
      answer = { content: classify(text, labelSource()), finishReason: 'stop' };
      break;
    case 'sentiment':
      answer = { content: sentimentLabel(text, labelSource()), finishReason: 'stop' };
      break;
    default:
      answer = { content: fallbackAnswer(text), finishReason: 'stop' };
  }
  const cut = truncateToTokens(answer.content, maxTokens);
  return { intent, content: cut.text, finishReason: cut.truncated ? 'length' : answer.finishReason };
}

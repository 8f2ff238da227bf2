import { splitSentences } from '../sentences.js';
import { estimateTokens, truncateToTokens } from '../tokens.js';
import type { Answer } from '../types.js';
import { contentWords } from '../words.js';

// A summary keeps about a third of the sentences, never more than this many, so it stays a summary.
const MAX_SUMMARY_SENTENCES = 5;
const SUMMARY_RATIO = 1 / 3;
// The opening sentence of a text usually states its subject (news lead, issue title).
const LEAD_BONUS = 1.25;
// Fragments ("Thanks!", "Hi all") score low even when they repeat a frequent word.
const MIN_WORDS_FOR_FULL_SCORE = 4;

/**
 * Extractive summary: sentences scored by the document frequency of their content words (normalised by length
 * so long sentences do not win by size), the top ones kept in their original order within `maxTokens`.
 */
export function summarize(text: string, maxTokens: number): Answer {
  const sentences = splitSentences(text);
  if (sentences.length === 0) return { content: 'There is no text to summarize.', finishReason: 'stop' };

  const freq = new Map<string, number>();
  for (const w of contentWords(text)) freq.set(w, (freq.get(w) ?? 0) + 1);

  const scored = sentences.map((sentence, index) => ({ sentence, index, score: scoreSentence(sentence, index, freq) }));
  const ranked = [...scored].sort((a, b) => b.score - a.score || a.index - b.index);
  const target = Math.min(MAX_SUMMARY_SENTENCES, Math.max(1, Math.ceil(sentences.length * SUMMARY_RATIO)));

  const chosen: typeof scored = [];
  let tokens = 0;
  for (const candidate of ranked) {
    if (chosen.length >= target) break;
    const cost = estimateTokens(asSentence(candidate.sentence)) + (chosen.length ? 1 : 0);
    // Stop rather than skip to a lesser sentence that happens to be short: the summary keeps its best content.
    if (tokens + cost > maxTokens) break;
    chosen.push(candidate);
    tokens += cost;
  }
  if (chosen.length === 0) {
    // Not even the best sentence fits: cut it, as a model stopped by max_tokens would.
    const cut = truncateToTokens(asSentence(ranked[0]!.sentence), maxTokens);
    return { content: cut.text, finishReason: cut.truncated ? 'length' : 'stop' };
  }
  chosen.sort((a, b) => a.index - b.index);
  return { content: chosen.map((c) => asSentence(c.sentence)).join(' '), finishReason: 'stop' };
}

/** A title or list item has no full stop; give it one so joined sentences read as sentences. */
function asSentence(s: string): string {
  return /[.!?…:;]["')\]]*$/.test(s) ? s : `${s}.`;
}

function scoreSentence(sentence: string, index: number, freq: Map<string, number>): number {
  const terms = contentWords(sentence);
  if (terms.length === 0) return 0;
  const distinct = new Set(terms);
  let sum = 0;
  for (const t of distinct) sum += freq.get(t) ?? 0;
  let score = sum / Math.sqrt(distinct.size);
  if (index === 0) score *= LEAD_BONUS;
  if (terms.length < MIN_WORDS_FOR_FULL_SCORE) score *= terms.length / MIN_WORDS_FOR_FULL_SCORE;
  return score;
}

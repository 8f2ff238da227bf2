import type { PromptParts } from './prompt.js';
import { classify } from './responders/classify.js';
import { listedSpelling } from './responders/labels.js';
import { DEFAULT_MAX_TOKENS, promptLabels, respond, route, type Intent } from './responders/router.js';
import { sentimentOf, type Sentiment } from './responders/sentiment.js';
import { summarize } from './responders/summarize.js';
import { splitSentences } from './sentences.js';
import { isStopword, stem, words } from './words.js';

/** What a field of a structured answer or a tool argument is for, read from its name. */
export type FieldRole =
  | 'summary' | 'sentiment' | 'category' | 'keywords' | 'title' | 'answer' | 'reason' | 'language'
  | 'confidence' | 'query' | 'place' | 'person' | 'email' | 'url' | 'date';

// Tried in order on the field name's words ("issueCategory" → "issue category"); the first match decides.
const ROLES: ReadonlyArray<[FieldRole, RegExp]> = [
  ['summary', /\b(summary|summaries|summarization|tldr|abstract|synopsis|gist|recap|overview|digest)\b/],
  ['sentiment', /\b(sentiment|tone|mood|polarity|feeling|emotion|rating|stars)\b/],
  ['keywords', /\b(keywords?|tags|keyphrases?|topics|entities|terms|hashtags)\b/],
  ['category', /\b(category|categories|classification|class|label|labels|topic|kind|intent|department|type|tag|genre)\b/],
  ['title', /\b(title|headline|subject|heading|caption)\b/],
  ['reason', /\b(reason|reasoning|rationale|explanation|justification|why|notes?|comment)\b/],
  ['language', /\b(language|lang|locale)\b/],
  ['confidence', /\b(confidence|probability|certainty|score|likelihood)\b/],
  ['email', /\b(email|mail)\b/],
  ['url', /\b(url|link|website|uri|href)\b/],
  ['date', /\b(date|day|deadline|due|when)\b/],
  ['place', /\b(location|city|place|country|destination|origin|address|region|town|area|where)\b/],
  ['person', /\b(name|person|author|user|username|recipient|customer|assignee|owner|who)\b/],
  ['query', /\b(query|q|search|question|prompt|input|request|keyword)\b/],
  ['answer', /\b(answer|response|reply|result|output|text|content|message|completion|translation|description|body)\b/],
];

// Severity scales (priority, urgency): chosen by how alarming the text is, not by word overlap.
const LEVELS: ReadonlyArray<ReadonlySet<string>> = [
  new Set(['low', 'minor', 'trivial', 'p3', 'p4', 'none']),
  new Set(['medium', 'normal', 'moderate', 'p2']),
  new Set(['high', 'major', 'urgent', 'critical', 'blocker', 'severe', 'p1', 'p0']),
];
const ALARMING = new Set(
  'crash crashes crashed down outage broken urgent critical security breach exception fail fails failed failure error errors immediately asap blocker cannot lost corrupt'.split(' '),
);

/** For labels that are all severity levels: the high one for an alarming text, low for a calm one. */
function levelOf(labels: string[], text: string): string | null {
  const level = (l: string): number => LEVELS.findIndex((set) => set.has(l.toLowerCase()));
  if (labels.length < 2 || labels.some((l) => level(l) < 0)) return null;
  const alarm = words(text).filter((w) => ALARMING.has(w)).length;
  const wanted = alarm >= 2 ? 2 : alarm === 1 ? 1 : 0;
  const byDistance = [...labels].sort((a, b) => Math.abs(level(a) - wanted) - Math.abs(level(b) - wanted));
  return byDistance[0]!;
}

/** "issueCategory", "issue_category", "Issue-Category" → "issue category". */
export function nameWords(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[^A-Za-z0-9]+/g, ' ').trim().toLowerCase();
}

export function fieldRole(name: string): FieldRole | null {
  const ws = nameWords(name);
  return ROLES.find(([, re]) => re.test(ws))?.[0] ?? null;
}

// Keywords are the text's most frequent content words; this many at most.
const MAX_KEYWORDS = 8;
const TITLE_WORDS = 12;
const PROPER_NOUN = /\b(?:in|at|for|from|to|near|about|of|with|by)\s+((?:[A-Z][\p{L}'-]+)(?:\s+[A-Z][\p{L}'-]+)*)/u;

/**
 * What the responders make of one prompt, computed once each and on demand: the values a structured answer's
 * fields and a tool call's arguments are filled with.
 */
export class PromptFacts {
  readonly parts: PromptParts;
  readonly intent: Intent;
  /** The text the request is about (the prompt without its instruction). */
  readonly text: string;
  readonly maxTokens: number;
  #memo = new Map<string, unknown>();

  constructor(parts: PromptParts, maxTokens = DEFAULT_MAX_TOKENS, about?: string) {
    this.parts = parts;
    const routed = route(parts);
    this.intent = routed.intent;
    this.text = about ?? routed.text;
    this.maxTokens = maxTokens;
  }

  #once<T>(key: string, make: () => T): T {
    if (!this.#memo.has(key)) this.#memo.set(key, make());
    return this.#memo.get(key) as T;
  }

  /** The plain-text answer the chat endpoint would give. */
  answer(): string {
    return this.#once('answer', () => respond(this.parts, this.maxTokens).content);
  }

  summary(): string {
    return this.#once('summary', () => summarize(this.text, this.maxTokens).content);
  }

  /** One of `labels` (an enum), or of the labels the prompt lists, or a keyword category. */
  category(labels?: string[]): string {
    if (labels) return levelOf(labels, this.text) ?? classify(this.text, { labels, source: '' });
    return classify(this.text, promptLabels(this.parts));
  }

  sentiment(): Sentiment {
    return this.#once('sentiment', () => sentimentOf(this.text));
  }

  /** The sentiment spelled as one of `labels` when one means it (positive ↔ "Positive", "good", "happy"). */
  sentimentAs(labels: string[]): string {
    const s = this.sentiment();
    const direct = listedSpelling(s, { labels, source: '' });
    if (direct !== s || labels.includes(s)) return direct;
    const near: Record<Sentiment, RegExp> = {
      positive: /^(pos|good|happy|satisf|pleased|glad|delight|excit|favou?rable|great|like|love|up)/i,
      negative: /^(neg|bad|unhappy|sad|angry|upset|annoyed|mad|disappoint|dissatisf|unfavou?rable|poor|dislike|hate|down|frustrat)/i,
      neutral: /^(neu|mixed|ok|calm|meh|none|indifferent|other|unknown)/i,
    };
    return labels.find((l) => near[s].test(l)) ?? this.category(labels);
  }

  keywords(): string[] {
    return this.#once('keywords', () => {
      const counts = new Map<string, { surface: string; n: number; first: number }>();
      words(this.text).forEach((w, i) => {
        if (w.length <= 2 || isStopword(w) || /^\d+$/.test(w)) return;
        const k = stem(w);
        const c = counts.get(k) ?? { surface: w, n: 0, first: i };
        c.n++;
        counts.set(k, c);
      });
      return [...counts.values()].sort((a, b) => b.n - a.n || a.first - b.first).slice(0, MAX_KEYWORDS).map((c) => c.surface);
    });
  }

  title(): string {
    return this.#once('title', () => {
      const first = splitSentences(this.text)[0] ?? this.text;
      const ws = first.replace(/[.!?…:;]+$/, '').split(/\s+/).filter(Boolean);
      return ws.slice(0, TITLE_WORDS).join(' ') || 'Untitled';
    });
  }

  /** A short reason for the answer, built from the opening of the text. */
  reason(): string {
    const first = splitSentences(this.text)[0];
    return first ? `Based on the text: "${first.length > 120 ? `${first.slice(0, 117)}...` : first}"` : 'Based on the prompt.';
  }

  /** `value` of a "Name: value" or "name = value" line in the prompt, for a field called `name`. */
  keyValue(name: string): string | null {
    const spaced = nameWords(name).replace(/ /g, '[ _-]?');
    if (!spaced) return null;
    const re = new RegExp(`(?:^|[\\n,;{(]|\\s)["']?${spaced}["']?\\s*[:=]\\s*["']?([^\\n,;"'}]{1,200})`, 'i');
    const m = re.exec(`${this.parts.user}\n${this.parts.system}`);
    return m ? m[1]!.trim() : null;
  }

  /** A capitalised name after "in", "to", "for" … ("weather in Paris" → "Paris"). */
  properNoun(): string | null {
    return PROPER_NOUN.exec(this.parts.user)?.[1] ?? null;
  }

  numbers(): number[] {
    return this.#once('numbers', () => (this.parts.user.match(/-?\d+(?:\.\d+)?/g) ?? []).map(Number));
  }

  find(kind: 'email' | 'url' | 'date'): string | null {
    const re = { email: /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/, url: /https?:\/\/[^\s"'<>)]+/, date: /\b\d{4}-\d{2}-\d{2}\b/ }[kind];
    return re.exec(`${this.parts.user}\n${this.text}`)?.[0] ?? null;
  }

  /** Whether the text speaks of what a boolean field names ("isUrgent" and "urgent"), without negation. */
  mentions(name: string): boolean {
    const terms = nameWords(name).split(' ').filter((w) => !['is', 'has', 'should', 'can', 'was', 'contains', 'needs', 'requires'].includes(w)).map(stem);
    if (terms.length === 0) return false;
    const ws = words(this.text);
    return ws.some((w, i) => terms.includes(stem(w)) && !ws.slice(Math.max(0, i - 3), i).some((p) => p === 'not' || p === 'no' || p === 'never'));
  }
}

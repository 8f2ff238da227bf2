import type { LabelList } from './labels.js';
import { stem, words } from '../words.js';

/** Keyword sets of the categories issue and support texts usually fall into; also used to read listed labels. */
const CATEGORIES: Record<string, { aliases: string[]; keywords: string[] }> = {
  bug: {
    aliases: ['bug', 'bug report', 'defect', 'error', 'problem', 'incident'],
    keywords: ('bug error crash crashes crashed exception fail fails failed failure failing broken break breaks ' +
      'regression wrong incorrect stack trace traceback panic hang freeze undefined null fix 500 timeout ' +
      "doesn't didn't won't unexpected").split(' '),
  },
  feature: {
    aliases: ['feature', 'feature request', 'enhancement', 'improvement', 'request', 'idea', 'suggestion'],
    keywords: ('feature request add support enhancement allow ability option wish suggest suggestion proposal ' +
      'propose improve improvement implement').split(' '),
  },
  question: {
    aliases: ['question', 'support', 'help', 'inquiry', 'how-to', 'usage'],
    keywords: 'question how why what possible help wondering anyone clarify understand explain does can'.split(' '),
  },
  docs: {
    aliases: ['docs', 'documentation', 'doc', 'readme'],
    keywords: 'doc docs documentation readme typo guide tutorial example link wiki spelling reference'.split(' '),
  },
};
/**
 * Support-desk categories apps often list ("billing, technical or other"). Only matched against a listed label;
 * without a list the answer stays one of the categories above.
 */
const LISTED_ONLY: Record<string, { aliases: string[]; keywords: string[] }> = {
  billing: {
    aliases: ['billing', 'payment', 'payments', 'invoice', 'invoicing', 'refund', 'refunds', 'pricing'],
    keywords: 'invoice charge charged refund payment pay paid price pricing subscription bill billed card plan cost overcharged receipt'.split(' '),
  },
  shipping: {
    aliases: ['shipping', 'delivery', 'order', 'orders', 'logistics'],
    keywords: 'shipping shipped delivery delivered package parcel order tracking courier arrive arrived late'.split(' '),
  },
  account: {
    aliases: ['account', 'login', 'access', 'authentication'],
    keywords: 'account login log password sign signin locked reset email username profile access 2fa'.split(' '),
  },
  technical: {
    aliases: ['technical', 'tech', 'technical issue', 'tech support'],
    keywords: CATEGORIES.bug!.keywords,
  },
};

// Labels a prompt offers for "none of the above"; picked when nothing else scores.
const CATCH_ALL = /^(?:other|others|general|misc|miscellaneous|unknown|none|uncategori[sz]ed)$/i;
const DEFAULT_CATEGORY = 'general';

/** A short label: one of the listed labels when the prompt lists some, else a keyword-based category. */
export function classify(text: string, labels: LabelList | null): string {
  const ws = words(labels ? text.replace(labels.source, ' ') : text).map(stem);
  const questionMarks = (text.match(/\?/g) ?? []).length;
  const candidates = labels?.labels ?? Object.keys(CATEGORIES);

  let best = '';
  let bestScore = 0;
  for (const label of candidates) {
    const score = scoreLabel(label, ws) + (categoryOf(label) === 'question' ? questionMarks : 0);
    if (score > bestScore) [best, bestScore] = [label, score];
  }
  if (best) return best;
  if (labels) return labels.labels.find((l) => CATCH_ALL.test(l)) ?? labels.labels[0]!;
  return questionMarks > 0 ? 'question' : DEFAULT_CATEGORY;
}

function categoryOf(label: string): string | undefined {
  const l = label.toLowerCase();
  return Object.keys(CATEGORIES).find((c) => CATEGORIES[c]!.aliases.includes(l));
}

function keywordsOf(label: string): string[] {
  const l = label.toLowerCase();
  const table = [CATEGORIES, LISTED_ONLY].find((t) => Object.values(t).some((c) => c.aliases.includes(l)));
  return table ? Object.values(table).find((c) => c.aliases.includes(l))!.keywords : [];
}

function scoreLabel(label: string, textWords: string[]): number {
  const terms = new Set([...words(label), ...keywordsOf(label)].map(stem));
  return textWords.filter((w) => terms.has(w)).length;
}

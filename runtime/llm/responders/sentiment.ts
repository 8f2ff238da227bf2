import type { LabelList } from './labels.js';
import { listedSpelling } from './labels.js';
import { stem, words } from '../words.js';

// A small lexicon is enough for a stand-in: it only has to give a plausible, stable label.
const POSITIVE = new Set(
  ('good great excellent amazing awesome love loved lovely like liked enjoy enjoyed happy glad pleased thank thanks ' +
    'helpful easy fast perfect nice best wonderful fantastic brilliant superb impressive reliable smooth recommend ' +
    'delight delighted satisfied improved improvement beautiful works working fixed solved resolved success ' +
    'successful cool appreciate appreciated useful clean stable favorite favourite')
    .split(/\s+/)
    .map(stem),
);
const NEGATIVE = new Set(
  ('bad terrible awful horrible hate hated broken crash crashed crashing fail failed failing failure error slow ' +
    'worst worse annoying annoyed frustrating frustrated disappointed disappointing useless poor problem wrong angry ' +
    'difficult confusing confused ugly unhappy sad refund stuck painful buggy unusable expensive lost missing ' +
    'bug regression unacceptable complaint complain rude ridiculous waste broke break')
    .split(/\s+/)
    .map(stem),
);
const NEGATORS = new Set(['not', 'no', 'never', 'without', 'hardly', "don't", "doesn't", "didn't", "isn't", "wasn't", "aren't", "won't", "can't", 'cannot', 'nothing']);
// How many words back a negator still flips a sentiment word ("not very good").
const NEGATION_WINDOW = 3;

export type Sentiment = 'positive' | 'negative' | 'neutral';

export function sentimentOf(text: string): Sentiment {
  const ws = words(text).map((w) => w.replace(/’/g, "'"));
  let score = 0;
  ws.forEach((w, i) => {
    const s = stem(w);
    const polarity = POSITIVE.has(s) ? 1 : NEGATIVE.has(s) ? -1 : 0;
    if (polarity === 0) return;
    const negated = ws.slice(Math.max(0, i - NEGATION_WINDOW), i).some((p) => NEGATORS.has(p));
    score += negated ? -polarity : polarity;
  });
  return score > 0 ? 'positive' : score < 0 ? 'negative' : 'neutral';
}

export function sentimentLabel(text: string, labels: LabelList | null): string {
  return listedSpelling(sentimentOf(text), labels);
}

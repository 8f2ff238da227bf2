/** Finds a list of allowed answers in a prompt: "classify as bug, feature or question", "labels: [a|b|c]". */

export interface LabelList {
  labels: string[];
  /** The exact text of the list, so callers can leave it out of the text they score. */
  source: string;
}

// Phrases that introduce a list. Nouns need a following ':' '(' 'are' so prose like "no options to set" is not one.
const INTRO = new RegExp(
  [
    String.raw`\b(?:classify|categori[sz]e|label|tag|sort)\b(?:[ \t]+[\w'-]+){0,3}?[ \t]+(?:as|into)\b`,
    String.raw`\b(?:categories|category|labels?|options|choices|classes)[ \t]*(?=[:(\[]|are\b|is\b)`,
    String.raw`\bone of\b`,
    String.raw`\b(?:choose|pick|select) from\b`,
    String.raw`\b(?:respond|answer|reply) with\b`,
  ].join('|'),
  'gi',
);
const LEAD =
  /^[ \t]*(?:are|is)?[ \t]*(?:one of[ \t]+)?(?:the following|these|those)?[ \t]*(?:categories|category|labels?|options|choices|classes)?[ \t]*(?:are|is)?[ \t]*[:(\[]?[ \t]*/i;
const SEPARATOR = /\s*(?:,|\||\/|;|\bor\b|\band\b)\s*/i;
const MAX_LABEL_WORDS = 3;
const MAX_LABEL_CHARS = 30;

export function extractLabels(text: string): LabelList | null {
  for (const intro of text.matchAll(INTRO)) {
    const after = text.slice(intro.index! + intro[0].length);
    const lead = LEAD.exec(after)![0];
    // A bare "one of" is prose ("one of the worst bugs") unless a colon or "the following" marks a list.
    if (/^one of$/i.test(intro[0]) && !/[:(\[]|following|these|those/i.test(lead)) continue;
    const rest = after.slice(lead.length);
    const found = findInline(rest) ?? findBullets(rest);
    if (found) return found;
  }
  return null;
}

function findInline(rest: string): LabelList | null {
  // The list runs to the end of the line or sentence; labels themselves never contain ". ".
  const source = /^[^\n]*?(?=[.?!](?:\s|$)|\n|$)/.exec(rest)?.[0] ?? '';
  const labels = cleanLabels(source.split(SEPARATOR));
  return labels.length >= 2 ? { labels, source } : null;
}

function findBullets(rest: string): LabelList | null {
  const block = /^[^\n]*\n((?:[ \t]*(?:[-*•]|\d+[.)])[ \t]+[^\n]+(?:\n|$))+)/.exec(rest);
  if (!block) return null;
  const items = block[1]!
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => line.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, '').split(/\s*(?::|\s[–-])\s/)[0]!);
  const labels = cleanLabels(items);
  return labels.length >= 2 ? { labels, source: block[1]! } : null;
}

function cleanLabels(items: string[]): string[] {
  const labels = items
    .map((s) => s.replace(/^[\s"'`*([{]+|[\s"'`*)\]}.,:]+$/g, ''))
    .filter((s) => s !== '' && s.length <= MAX_LABEL_CHARS && s.split(/\s+/).length <= MAX_LABEL_WORDS);
  return [...new Set(labels)];
}

/** The listed spelling of `label` when the prompt lists it, so "Positive" comes back as written. */
export function listedSpelling(label: string, list: LabelList | null): string {
  return list?.labels.find((l) => l.toLowerCase() === label.toLowerCase()) ?? label;
}

/** Splits prose into sentences for the extractive summary. */

// A period after these is not the end of a sentence.
const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'vs', 'etc', 'e.g', 'i.e', 'fig', 'no', 'inc', 'ltd', 'approx']);

const BULLET = /^\s*(?:[-*+•]|\d+[.)]|#{1,6})\s+/;
const ENDS_SENTENCE = /[.!?:;…]["')\]]*$/;

/**
 * Sentences in reading order. Blank lines, headings and list items always break; a single newline inside a
 * paragraph is a hard wrap (issue bodies, e-mails) and joins, unless the line already ends a sentence.
 * Code fences are dropped: code is not summary material.
 */
export function splitSentences(text: string): string[] {
  const lines: string[] = [];
  let inFence = false;
  let current = '';
  const flush = (): void => {
    if (current.trim()) lines.push(current.trim());
    current = '';
  };
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(raw)) {
      inFence = !inFence;
      flush();
      continue;
    }
    if (inFence) continue;
    if (!raw.trim()) {
      flush();
      continue;
    }
    if (BULLET.test(raw)) flush();
    current = current ? `${current} ${raw.trim()}` : raw.replace(BULLET, '').trim();
    if (BULLET.test(raw) || ENDS_SENTENCE.test(current)) flush();
  }
  flush();
  return lines.flatMap(splitLine).filter((s) => /[\p{L}\p{N}]/u.test(s));
}

function splitLine(line: string): string[] {
  const out: string[] = [];
  const boundary = /[.!?…]+["')\]]*\s+(?=["'(\[]?[\p{Lu}\p{N}])/gu;
  let start = 0;
  for (let m = boundary.exec(line); m; m = boundary.exec(line)) {
    const before = line.slice(start, m.index + 1);
    const lastWord = /([\p{L}.]+)\.$/u.exec(before)?.[1] ?? '';
    if (ABBREVIATIONS.has(lastWord.toLowerCase()) || /^\p{Lu}$/u.test(lastWord)) continue; // "Dr. Smith", "J. Doe"
    out.push(line.slice(start, m.index + m[0].length).trim());
    start = m.index + m[0].length;
  }
  if (start < line.length) out.push(line.slice(start).trim());
  return out;
}

/** Word-level helpers shared by the responders and the embeddings. English-leaning, as OpenAI apps mostly are. */

const STOPWORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between ' +
    'both but by can could did do does doing down during each few for from further get got had has have having he her ' +
    'here hers herself him himself his how i if in into is it its itself just let me more most my myself no nor not ' +
    'now of off on once only or other our ours ourselves out over own same she should so some such than that the ' +
    'their theirs them themselves then there these they this those through to too under until up very was we were ' +
    'what when where which while who whom why will with would you your yours yourself yourselves one two also may ' +
    'might must shall us via per etc still yet even much many well really thing things way ve ll re don doesn isn ' +
    'wasn aren weren didn won can cannot'
  ).split(/\s+/),
);

/** Lower-cased words (letters and digits, inner apostrophes and hyphens kept). */
export function words(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? []).map((w) => w.replace(/['’-]+$/, ''));
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** A plain plural folds onto its singular so "crash" and "crashes" count as one term. */
export function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(?:ch|sh|ss|x|z)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}

/** Words that carry meaning: not stopwords, longer than two characters, plural-folded. */
export function contentWords(text: string): string[] {
  return words(text)
    .filter((w) => w.length > 2 && !STOPWORDS.has(w.replace(/['’].*$/, '')))
    .map(stem);
}

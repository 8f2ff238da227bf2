import { isPlainObject } from '../storable.js';
import { isOperatorObject } from './compile.js';

/**
 * Texts every matching document's stored JSON must contain: the JSON form of each string the top-level AND
 * requires equality with. A scan checks them on the raw text and skips JSON.parse for most non-matches.
 * Sound because documents are stored with JSON.stringify, which encodes equal strings identically.
 */
export function requiredTexts(query: unknown): string[] {
  const out: string[] = [];
  collect(query, out);
  return out;
}

function collect(query: unknown, out: string[]): void {
  if (!isPlainObject(query)) return;
  for (const key of Object.keys(query)) {
    const cond = query[key];
    if (key === '$and' && Array.isArray(cond)) {
      for (const sub of cond) collect(sub, out);
      continue;
    }
    if (key.startsWith('$')) continue;
    const value = isOperatorObject(cond) ? cond.$eq : cond;
    if (typeof value === 'string' && value.length > 0) out.push(JSON.stringify(value));
  }
}

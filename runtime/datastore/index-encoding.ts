import { HIGH } from './key-layout.js';

/**
 * Order-preserving encoding of scalar index values, so a byte-ordered range over index keys is a value range:
 *   numbers  → 'N' + 16 hex digits of the IEEE-754 bits (sign flipped; negatives inverted)
 *   strings  → 'S' + the string with \0 and \1 escaped (\0 → \1\1, \1 → \1\2), so \0 can end the value
 *   booleans → 'B0' | 'B1'
 * The entry key is `<prefix><encoded>\0<_id>`. Other types (null, objects, arrays as a whole) are not indexed.
 */
const view = new DataView(new ArrayBuffer(8));

function encodeNumber(n: number): string {
  view.setFloat64(0, n === 0 ? 0 : n); // -0 and 0 are one value
  let hi = view.getUint32(0);
  let lo = view.getUint32(4);
  if (hi & 0x80000000) {
    hi = ~hi >>> 0;
    lo = ~lo >>> 0;
  } else {
    hi = (hi | 0x80000000) >>> 0;
  }
  return 'N' + hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

function escapeString(s: string): string {
  return /[\0\x01]/.test(s) ? s.replace(/[\0\x01]/g, (c) => (c === '\0' ? '\x01\x01' : '\x01\x02')) : s;
}

export type IndexScalar = string | number | boolean;

export function isIndexable(v: unknown): v is IndexScalar {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

export function encodeIndexValue(v: IndexScalar): string {
  if (typeof v === 'number') return encodeNumber(v);
  if (typeof v === 'string') return 'S' + escapeString(v);
  return v ? 'B1' : 'B0';
}

/** Tag of the type's key block, and the character just after it, bounding one type's entries. */
function typeBounds(v: IndexScalar): [string, string] {
  if (typeof v === 'number') return ['N', 'O'];
  if (typeof v === 'string') return ['S', 'T'];
  return ['B', 'C'];
}

export interface IndexBound {
  value: IndexScalar;
  inclusive: boolean;
}

/** The key range (below a field prefix) holding entries whose value lies within the bounds. */
export function indexRange(prefix: string, lower?: IndexBound, upper?: IndexBound): { gte: string; lt: string } {
  const sample = (lower ?? upper)!.value;
  const [tagLo, tagHi] = typeBounds(sample);
  // Entries of value v are `enc(v) + '\0' + id`, so `enc(v) + '\x01'` sorts after all of them and before any
  // longer encoding; `enc(v)` sorts before them.
  const gte = lower ? prefix + encodeIndexValue(lower.value) + (lower.inclusive ? '' : '\x01') : prefix + tagLo;
  const lt = upper ? prefix + encodeIndexValue(upper.value) + (upper.inclusive ? '\x01' : '') : prefix + tagHi;
  return { gte, lt };
}

export function equalityRange(prefix: string, v: IndexScalar): { gte: string; lt: string } {
  const enc = prefix + encodeIndexValue(v) + '\0';
  return { gte: enc, lt: enc + HIGH };
}

export function prefixStringRange(prefix: string, start: string): { gte: string; lt: string } {
  const enc = prefix + encodeIndexValue(start);
  return { gte: enc, lt: enc + HIGH };
}

/** The `_id` at the end of an index entry key. */
export function idFromIndexKey(key: string, prefixLength: number): string {
  return key.slice(key.indexOf('\0', prefixLength) + 1);
}

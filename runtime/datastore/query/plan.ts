import { isNumericString } from '../compare.js';
import { equalityRange, indexRange, isIndexable, prefixStringRange, type IndexBound, type IndexScalar } from '../index-encoding.js';
import { idxFieldPrefix } from '../key-layout.js';
import { isPlainObject } from '../storable.js';
import { isOperatorObject } from './compile.js';

export type KeyBounds = { gte?: string; gt?: string; lte?: string; lt?: string };

/**
 * How to find candidate documents. The full predicate is still run on every candidate, so a plan only has to
 * return a superset of the matches; it never decides a match on its own.
 */
export type Plan =
  | { kind: 'scan' }
  | { kind: 'ids'; ids: string[] }
  | { kind: 'idRange'; bounds: KeyBounds }
  | { kind: 'index'; field: string; ranges: { gte: string; lt: string }[] };

type Candidate = { score: number; plan: Plan };

/**
 * Picks an access path from the top-level AND of the query: `_id` equality / `$in` (direct reads), `_id`
 * ranges, then an indexed field with equality, `$in`, a range or `$startsWith`. Anything else is a scan.
 */
export function planQuery(coll: string, query: unknown, indexes: readonly string[]): Plan {
  let best: Candidate | undefined;
  for (const [field, cond] of conjuncts(query)) {
    const candidate = field === '_id' ? idCandidate(cond) : indexes.includes(field) ? indexCandidate(coll, field, cond) : undefined;
    if (candidate && (!best || candidate.score > best.score)) best = candidate;
  }
  return best?.plan ?? { kind: 'scan' };
}

function* conjuncts(query: unknown): Iterable<[string, unknown]> {
  if (!isPlainObject(query)) return;
  for (const key of Object.keys(query)) {
    if (key === '$and' && Array.isArray(query.$and)) for (const sub of query.$and) yield* conjuncts(sub);
    else if (!key.startsWith('$')) yield [key, query[key]];
  }
}

/** Equality values usable for a lookup: `v`, `{$eq: v}` or `{$in: [...]}` of indexable scalars. */
function equalities(cond: unknown, usable: (v: unknown) => boolean): unknown[] | undefined {
  if (!isOperatorObject(cond)) return usable(cond) ? [cond] : undefined;
  if ('$eq' in cond && usable(cond.$eq)) return [cond.$eq];
  if (Array.isArray(cond.$in) && cond.$in.every(usable)) return cond.$in;
  return undefined;
}

function idCandidate(cond: unknown): Candidate | undefined {
  const isId = (v: unknown): boolean => typeof v === 'string' && v.length > 0;
  const eq = equalities(cond, isId);
  if (eq) return { score: 100 - Math.min(eq.length, 50), plan: { kind: 'ids', ids: eq as string[] } };
  if (!isOperatorObject(cond)) return undefined;
  const bounds: KeyBounds = {};
  for (const op of ['$gt', '$gte', '$lt', '$lte'] as const) {
    if (typeof cond[op] === 'string') bounds[op.slice(1) as keyof KeyBounds] = cond[op] as string;
  }
  return Object.keys(bounds).length ? { score: 40, plan: { kind: 'idRange', bounds } } : undefined;
}

/**
 * Strings that look numeric are left out of range plans: they also compare numerically with stored numbers
 * (see compareOrdered), which a string key range cannot express.
 */
function rangeOperand(v: unknown): v is IndexScalar {
  return isIndexable(v) && !isNumericString(v);
}

function indexCandidate(coll: string, field: string, cond: unknown): Candidate | undefined {
  const prefix = idxFieldPrefix(coll, field);
  const eq = equalities(cond, isIndexable);
  if (eq) {
    const ranges = (eq as IndexScalar[]).map((v) => equalityRange(prefix, v));
    return { score: 90 - Math.min(ranges.length, 50), plan: { kind: 'index', field, ranges } };
  }
  if (!isOperatorObject(cond)) return undefined;
  if (typeof cond.$startsWith === 'string') {
    return { score: 30, plan: { kind: 'index', field, ranges: [prefixStringRange(prefix, cond.$startsWith)] } };
  }
  let lower: IndexBound | undefined;
  let upper: IndexBound | undefined;
  for (const op of ['$gt', '$gte', '$lt', '$lte'] as const) {
    const v = cond[op];
    if (v === undefined) continue;
    if (!rangeOperand(v)) return undefined;
    const bound = { value: v, inclusive: op.endsWith('e') };
    if (op.startsWith('$g')) lower = bound;
    else upper = bound;
  }
  if (!lower && !upper) return undefined;
  if (lower && upper && typeof lower.value !== typeof upper.value) return undefined;
  return { score: lower && upper ? 35 : 20, plan: { kind: 'index', field, ranges: [indexRange(prefix, lower, upper)] } };
}

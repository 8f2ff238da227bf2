import { isPlainObject } from './storable.js';
import { invalidQuery } from './query/invalid.js';

export type SortSpec = [path: string, dir: 1 | -1][];
export type Projection = { mode: 'include' | 'exclude'; paths: string[]; withId: boolean };

export interface FindOptions {
  sort?: SortSpec;
  limit?: number;
  offset: number;
  projection?: Projection;
  onlyCount: boolean;
}

/** The option keys that mark `getMany(coll, {filter, hints, …})`, the legacy crudlify 1.0.x shape. */
const LEGACY_KEYS = new Set(['filter', 'hints', 'limit', 'offset', 'skip', 'sort', 'fields', 'projection', 'aggregate']);

/**
 * Splits the raw `(query, options)` apps pass into a filter and options. Recognises the legacy
 * `getMany(coll, {filter, hints, limit, offset})` form, and `options.filter` standing in for the query
 * (crudlify passes the filter in both places).
 */
export function splitQueryAndOptions(query: unknown, options: unknown): { filter: unknown; options: unknown } {
  if (options === undefined && isPlainObject(query)) {
    const keys = Object.keys(query);
    if (keys.length > 0 && keys.every((k) => LEGACY_KEYS.has(k)) && ('filter' in query || 'hints' in query)) {
      return { filter: query.filter ?? {}, options: query };
    }
  }
  const emptyQuery = query === undefined || query === null || (isPlainObject(query) && Object.keys(query).length === 0);
  if (emptyQuery && isPlainObject(options) && options.filter !== undefined) return { filter: options.filter, options };
  return { filter: query ?? {}, options };
}

/** Reads every option spelling apps and the SDK use (DB-09, DB-10). */
export function parseFindOptions(raw: unknown): FindOptions {
  if (raw === undefined || raw === null) return { offset: 0, onlyCount: false };
  if (!isPlainObject(raw)) throw invalidQuery('options must be an object');
  const hints = raw.hints === undefined || raw.hints === null ? {} : raw.hints;
  if (!isPlainObject(hints)) throw invalidQuery('options.hints must be an object');
  const pick = (...values: unknown[]): unknown => values.find((v) => v !== undefined && v !== null);
  const sort = parseSort(pick(raw.sort, raw.$sort, hints.$sort, hints.sort));
  const limit = parseCount('limit', pick(raw.limit, raw.$limit, hints.$limit, hints.limit));
  const offset = parseCount('offset', pick(raw.offset, raw.$offset, raw.skip, hints.$offset, hints.offset, hints.skip)) ?? 0;
  const projection = parseProjection(pick(hints.$fields, hints.fields, hints.projection, raw.$fields, raw.fields, raw.projection));
  const onlyCount = Boolean(pick(hints.$onlycount, raw.$onlycount));
  return { sort, limit: limit === 0 ? undefined : limit, offset, projection, onlyCount };
}

function parseCount(name: string, v: unknown): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw invalidQuery(`${name} must be a non-negative integer, got ${JSON.stringify(v)}`);
  return n;
}

function direction(path: string, v: unknown): 1 | -1 {
  if (v === 1 || v === '1' || v === 'asc' || v === 'ascending' || v === true) return 1;
  if (v === -1 || v === '-1' || v === 'desc' || v === 'descending') return -1;
  throw invalidQuery(`sort direction for "${path}" must be 1 or -1, got ${JSON.stringify(v)}`);
}

/** `{a: 1, b: -1}`, `'a,-b'`, `['a', '-b']` or `[['a', 1]]`. */
function parseSort(v: unknown): SortSpec | undefined {
  if (v === undefined || v === null) return undefined;
  let spec: SortSpec;
  if (typeof v === 'string') spec = v.split(',').map((s) => s.trim()).filter(Boolean).map(fromSigned);
  else if (Array.isArray(v)) {
    spec = v.map((e) => (typeof e === 'string' ? fromSigned(e) : Array.isArray(e) ? [String(e[0]), direction(String(e[0]), e[1])] : badSort(e)));
  } else if (isPlainObject(v)) spec = Object.entries(v).map(([k, d]) => [k, direction(k, d)]);
  else return badSort(v);
  return spec.length ? spec : undefined;
}

function fromSigned(s: string): [string, 1 | -1] {
  if (s.startsWith('-')) return [s.slice(1), -1];
  return [s.startsWith('+') ? s.slice(1) : s, 1];
}

function badSort(v: unknown): never {
  throw invalidQuery(`unsupported sort ${JSON.stringify(v)}`);
}

/** `{a: 1, b: 1}` includes, `{a: 0}` excludes; `_id` is kept unless excluded (Mongo). Also `'a,b'` / `['a']`. */
function parseProjection(v: unknown): Projection | undefined {
  if (v === undefined || v === null) return undefined;
  let entries: [string, boolean][];
  if (typeof v === 'string') entries = v.split(',').map((s) => s.trim()).filter(Boolean).map((s) => [s, true]);
  else if (Array.isArray(v)) entries = v.map((s) => [String(s), true]);
  else if (isPlainObject(v)) entries = Object.entries(v).map(([k, f]) => [k, flag(k, f)]);
  else throw invalidQuery(`unsupported projection ${JSON.stringify(v)}`);
  let withId = true;
  const include: string[] = [];
  const exclude: string[] = [];
  for (const [path, on] of entries) {
    // The docs' exclude example spells it `_id_`.
    if (path === '_id' || path === '_id_') withId = on;
    else (on ? include : exclude).push(path);
  }
  if (include.length && exclude.length) throw invalidQuery('a projection cannot mix included (1) and excluded (0) fields');
  if (include.length) return { mode: 'include', paths: include, withId };
  if (exclude.length || !withId) return { mode: 'exclude', paths: exclude, withId };
  return undefined;
}

function flag(path: string, f: unknown): boolean {
  if (f === 1 || f === true || f === '1') return true;
  if (f === 0 || f === false || f === '0') return false;
  throw invalidQuery(`projection value for "${path}" must be 1 or 0, got ${JSON.stringify(f)}`);
}

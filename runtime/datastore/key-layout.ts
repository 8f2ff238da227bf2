import type { KeyRange } from '../storage/index.js';

/**
 * Where the datastore keeps things in the one key-value store (ARCHITECTURE "Storage layout"):
 *   doc/<collection>/<_id>                         → document JSON
 *   idx/<collection>/<field>/<encoded value>\0<_id> → ''   (secondary index, see index-encoding.ts)
 *   meta/coll/<collection>                         → collection metadata JSON (cap, indexes, schema)
 *   kv/<keyspace>/<key>                            → "<expiresAt>\n<value>"  (keyspace URI-encoded; '' = default)
 *   kvttl/<expiresAt, 15 digits>/<keyspace>/<key>  → ''   (TTL index, swept in expiry order)
 *   sum/<collection>/<_id>                         → a derived summary (summaries.ts), for some collections
 *   summeta/<collection>                           → the summary version every document of it has
 * Collection names and index fields never contain '/', so one collection's prefix never covers another's.
 */

/** Above every code point, so `prefix + HIGH` bounds all keys that start with `prefix`. */
export const HIGH = '\u{10FFFF}';

export function rangeUnder(prefix: string, extra: Omit<KeyRange, 'gt' | 'gte' | 'lt' | 'lte'> = {}): KeyRange {
  return { ...extra, gte: prefix, lt: prefix + HIGH };
}

export const docPrefix = (coll: string): string => `doc/${coll}/`;
export const docKey = (coll: string, id: string): string => `doc/${coll}/${id}`;
export const idxCollPrefix = (coll: string): string => `idx/${coll}/`;
export const idxFieldPrefix = (coll: string, field: string): string => `idx/${coll}/${field}/`;
export const summaryPrefix = (coll: string): string => `sum/${coll}/`;
export const summaryKey = (coll: string, id: string): string => `sum/${coll}/${id}`;
export const summaryMarkerKey = (coll: string): string => `summeta/${coll}`;
export const META_COLL_PREFIX = 'meta/coll/';
export const metaKey = (coll: string): string => `${META_COLL_PREFIX}${coll}`;

export const kvPrefix = (keyspace: string): string => `kv/${encodeURIComponent(keyspace)}/`;
export const kvKey = (keyspace: string, key: string): string => kvPrefix(keyspace) + key;
export const TTL_PREFIX = 'kvttl/';
/** Milliseconds padded to 15 digits: sorts numerically until the year 33658. */
const TTL_DIGITS = 15;
export const ttlTime = (expiresAt: number): string => String(Math.max(0, Math.floor(expiresAt))).padStart(TTL_DIGITS, '0');
export const ttlKey = (expiresAt: number, keyspace: string, key: string): string =>
  `${TTL_PREFIX}${ttlTime(expiresAt)}/${encodeURIComponent(keyspace)}/${key}`;

/** Inverse of ttlKey. */
export function parseTtlKey(k: string): { expiresAt: number; keyspace: string; key: string } {
  const rest = k.slice(TTL_PREFIX.length);
  const a = rest.indexOf('/');
  const b = rest.indexOf('/', a + 1);
  return { expiresAt: Number(rest.slice(0, a)), keyspace: decodeURIComponent(rest.slice(a + 1, b)), key: rest.slice(b + 1) };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Keys are stored as UTF-8: a lone surrogate would be rewritten to U+FFFD and the key lost. */
export function isWellFormedKey(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}

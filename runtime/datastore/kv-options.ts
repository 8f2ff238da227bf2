import { dbError } from './errors.js';
import { isWellFormedKey } from './key-layout.js';
import { isPlainObject } from './storable.js';

/** Same bound as document ids: keys are key segments, and nobody needs a longer one. */
export const MAX_KV_KEY_LENGTH = 1024;

export interface KvOptions {
  /** '' is the default keyspace, separate from every named one (KV-09). */
  keyspace: string;
  /** Milliseconds to live (KV-08); undefined = forever. */
  ttl?: number;
}

/** No options: shared, since most calls pass none. */
const DEFAULT_OPTIONS: Readonly<KvOptions> = Object.freeze({ keyspace: '' });

export function parseKvOptions(raw: unknown): Readonly<KvOptions> {
  if (raw === undefined || raw === null) return DEFAULT_OPTIONS;
  if (!isPlainObject(raw)) throw dbError('LH_KV_INVALID_OPTIONS', 'Key-value options must be an object like {ttl, keyspace}');
  const { keyspace, ttl } = raw;
  if (keyspace !== undefined && keyspace !== null && typeof keyspace !== 'string') {
    throw dbError('LH_KV_INVALID_OPTIONS', `keyspace must be a string, got ${JSON.stringify(keyspace)}`);
  }
  const out: KvOptions = { keyspace: keyspace ?? '' };
  if (ttl !== undefined && ttl !== null && ttl !== 0) {
    const n = typeof ttl === 'string' ? Number(ttl) : ttl;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw dbError('LH_KV_INVALID_OPTIONS', `ttl must be a positive number of milliseconds, got ${JSON.stringify(ttl)}`);
    out.ttl = n;
  }
  return out;
}

export function checkKey(key: unknown, what = 'key'): string {
  if (typeof key === 'number' && Number.isFinite(key)) return String(key);
  if (typeof key !== 'string' || key.length === 0) throw dbError('LH_KV_INVALID_KEY', `The ${what} must be a non-empty string, got ${JSON.stringify(key) ?? String(key)}`);
  if (key.length > MAX_KV_KEY_LENGTH || !isWellFormedKey(key)) {
    throw dbError('LH_KV_INVALID_KEY', `The ${what} is longer than ${MAX_KV_KEY_LENGTH} characters or not valid text`);
  }
  return key;
}

/** A prefix for getAll/delAll: '' means every key; a trailing '*' (CLI glob style) is ignored. */
export function checkPrefix(prefix: unknown): string {
  if (prefix === undefined || prefix === null || prefix === '' || prefix === '*') return '';
  const p = checkKey(prefix, 'key pattern');
  return p.endsWith('*') ? p.slice(0, -1) : p;
}

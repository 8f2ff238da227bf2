import type { Clock } from '../clock.js';
import type { Store } from '../storage/index.js';
import { dbError } from './errors.js';
import { HIGH, kvKey, kvPrefix, parseTtlKey, rangeUnder, TTL_PREFIX, ttlKey, ttlTime } from './key-layout.js';
import type { KeyLock } from './key-lock.js';
import { checkKey, checkPrefix } from './kv-options.js';
import { decodeEntry, encodeEntry, kvLockKey } from './kv-store.js';

/** A key-value entry as the admin API, export and import see it: with its keyspace and absolute expiry. */
export interface KvEntry {
  keyspace: string;
  key: string;
  value: string;
  /** Epoch ms when the entry expires; absent when it lives forever. */
  expiresAt?: number;
}

const KV_ROOT = 'kv/';

/**
 * What the data tools need of key-value storage beyond the contract: entries with their expiry (the TTL left),
 * the keyspaces in use, the entries about to expire, and writes that keep an exact expiry (import of an export).
 */
export class KvAdmin {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #locks: KeyLock;

  constructor(store: Store, clock: Clock, locks: KeyLock) {
    this.#store = store;
    this.#clock = clock;
    this.#locks = locks;
  }

  /** Live entries of one keyspace whose key starts with `prefix`, in key order. */
  async *entries(keyspace: string, prefix: unknown): AsyncIterable<KvEntry> {
    const p = checkPrefix(prefix);
    const base = kvPrefix(keyspace);
    const now = this.#clock.now();
    for await (const [k, raw] of this.#store.entries(rangeUnder(base + p))) {
      const e = decodeEntry(raw);
      if (e.expiresAt !== undefined && e.expiresAt <= now) continue;
      yield e.expiresAt === undefined ? { keyspace, key: k.slice(base.length), value: e.text } : { keyspace, key: k.slice(base.length), value: e.text, expiresAt: e.expiresAt };
    }
  }

  /** One live entry, or undefined. */
  async entry(keyspace: string, key: unknown): Promise<KvEntry | undefined> {
    const k = checkKey(key);
    const raw = await this.#store.get(kvKey(keyspace, k));
    if (raw === undefined) return undefined;
    const e = decodeEntry(raw);
    if (e.expiresAt !== undefined && e.expiresAt <= this.#clock.now()) return undefined;
    return e.expiresAt === undefined ? { keyspace, key: k, value: e.text } : { keyspace, key: k, value: e.text, expiresAt: e.expiresAt };
  }

  /** Every keyspace that holds a key ('' is the default one), found by skipping from one keyspace to the next. */
  async keyspaces(): Promise<string[]> {
    const out: string[] = [];
    let from = KV_ROOT;
    for (;;) {
      let next: string | undefined;
      for await (const k of this.#store.keys({ gte: from, lt: KV_ROOT + HIGH, limit: 1 })) next = k;
      if (next === undefined) return out;
      const enc = next.slice(KV_ROOT.length, next.indexOf('/', KV_ROOT.length));
      out.push(decodeURIComponent(enc));
      from = `${KV_ROOT}${enc}/${HIGH}`;
    }
  }

  /** Entries that expire after `from` and no later than `until` (epoch ms), earliest first, at most `limit`. */
  async expiring(from: number, until: number, limit = Infinity): Promise<Required<Omit<KvEntry, 'value'>>[]> {
    const out: Required<Omit<KvEntry, 'value'>>[] = [];
    if (until <= from) return out;
    for await (const k of this.#store.keys({ gt: `${TTL_PREFIX}${ttlTime(from)}/${HIGH}`, lt: `${TTL_PREFIX}${ttlTime(until)}/${HIGH}` })) {
      const t = parseTtlKey(k);
      const raw = await this.#store.get(kvKey(t.keyspace, t.key));
      // A TTL entry whose value was overwritten since is stale (the sweeper drops it).
      if (raw !== undefined && decodeEntry(raw).expiresAt === t.expiresAt) out.push(t);
      if (out.length >= limit) break;
    }
    return out;
  }

  /** Writes entries with their exact expiry; already expired ones are skipped. Resolves with the number written. */
  async restore(entries: readonly KvEntry[]): Promise<number> {
    const now = this.#clock.now();
    let written = 0;
    for (const e of entries) {
      const key = checkKey(e.key);
      if (typeof e.keyspace !== 'string') throw dbError('LH_KV_INVALID_OPTIONS', `keyspace must be a string, got ${JSON.stringify(e.keyspace)}`);
      if (typeof e.value !== 'string') throw dbError('LH_KV_INVALID_VALUE', `the value of "${key}" must be a string`);
      if (e.expiresAt !== undefined && (!Number.isInteger(e.expiresAt) || e.expiresAt <= now)) continue;
      await this.#locks.run(kvLockKey(e.keyspace, key), async () => {
        const old = await this.#store.get(kvKey(e.keyspace, key));
        const oldExpiry = old === undefined ? undefined : decodeEntry(old).expiresAt;
        await this.#store.batch([
          ...(oldExpiry !== undefined && oldExpiry !== e.expiresAt ? [{ type: 'del' as const, key: ttlKey(oldExpiry, e.keyspace, key) }] : []),
          { type: 'put', key: kvKey(e.keyspace, key), value: encodeEntry({ text: e.value, expiresAt: e.expiresAt }) },
          ...(e.expiresAt !== undefined ? [{ type: 'put' as const, key: ttlKey(e.expiresAt, e.keyspace, key), value: '' }] : []),
        ]);
      });
      written++;
    }
    return written;
  }
}

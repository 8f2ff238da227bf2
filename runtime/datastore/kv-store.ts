import type { Clock } from '../clock.js';
import type { BatchOp, Store } from '../storage/index.js';
import { dbError } from './errors.js';
import { kvKey, kvPrefix, rangeUnder, ttlKey } from './key-layout.js';
import type { KeyLock } from './key-lock.js';
import { checkKey, checkPrefix, parseKvOptions, type KvOptions } from './kv-options.js';
import { toStorable } from './storable.js';

interface Entry {
  text: string;
  expiresAt?: number;
}

/** Stored form: `<expiresAt or empty>\n<value text>`; the expiry travels with the value so reads can hide it. */
export function encodeEntry(e: Entry): string {
  return `${e.expiresAt ?? ''}\n${e.text}`;
}

export function decodeEntry(raw: string): Entry {
  const nl = raw.indexOf('\n');
  const head = raw.slice(0, nl);
  return head ? { text: raw.slice(nl + 1), expiresAt: Number(head) } : { text: raw.slice(nl + 1) };
}

export const kvLockKey = (keyspace: string, key: string): string => `k/${keyspace}/${key}`;

/**
 * The key-value API (KV-01…11). Values are strings (numbers are stored as their text, objects as JSON).
 * An entry with a TTL also has a `kvttl/` index entry written in the same batch; expired entries are hidden
 * from reads at once and deleted by the sweeper (ttl-sweeper.ts). Writes to one key are serialised.
 */
export class KeyValueStore {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #locks: KeyLock;

  constructor(store: Store, clock: Clock, locks: KeyLock) {
    this.#store = store;
    this.#clock = clock;
    this.#locks = locks;
  }

  async set(key: unknown, value: unknown, options?: unknown): Promise<string> {
    const k = checkKey(key);
    const o = parseKvOptions(options);
    const text = toText(value);
    await this.#locks.run(kvLockKey(o.keyspace, k), () => this.#write(o, k, { text, expiresAt: this.#expiry(o) }));
    return text;
  }

  async setObj(key: unknown, value: unknown, options?: unknown): Promise<unknown> {
    if (value === null || typeof value !== 'object') throw dbError('LH_KV_INVALID_VALUE', 'setObj needs an object value');
    const plain = toStorable(value, 'LH_KV_INVALID_VALUE');
    await this.set(key, JSON.stringify(plain), options);
    return plain;
  }

  async get(key: unknown, options?: unknown): Promise<string | null> {
    const k = checkKey(key);
    const o = parseKvOptions(options);
    return (await this.#read(o.keyspace, k))?.text ?? null;
  }

  /** The stored JSON parsed; a value that is not JSON comes back as its string. */
  async getObj(key: unknown, options?: unknown): Promise<unknown> {
    const text = await this.get(key, options);
    if (text === null) return null;
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }

  /** `{key, val}` for every live key starting with the prefix, in key order (KV-04). */
  async *getAll(prefix: unknown, options?: unknown): AsyncIterable<{ key: string; val: string }> {
    const p = checkPrefix(prefix);
    const o = parseKvOptions(options);
    const base = kvPrefix(o.keyspace);
    const now = this.#clock.now();
    for await (const [k, raw] of this.#store.entries(rangeUnder(base + p))) {
      const e = decodeEntry(raw);
      if (e.expiresAt === undefined || e.expiresAt > now) yield { key: k.slice(base.length), val: e.text };
    }
  }

  /** Atomic add (KV-05): a missing key starts at 0; an existing TTL is kept unless a new one is given. */
  async incr(key: unknown, amount: unknown, options?: unknown, sign = 1): Promise<number> {
    const k = checkKey(key);
    const o = parseKvOptions(options);
    const n = amount === undefined || amount === null ? 1 : typeof amount === 'string' ? Number(amount) : amount;
    if (typeof n !== 'number' || !Number.isFinite(n)) throw dbError('LH_KV_INVALID_VALUE', `incr/decr needs a number, got ${JSON.stringify(amount)}`);
    return this.#locks.run(kvLockKey(o.keyspace, k), async () => {
      const current = await this.#read(o.keyspace, k);
      const base = current === undefined ? 0 : Number(current.text);
      if (!Number.isFinite(base)) throw dbError('LH_KV_INVALID_VALUE', `The value of "${k}" is not a number, so it cannot be incremented`);
      const next = base + sign * n;
      const expiresAt = o.ttl !== undefined ? this.#expiry(o) : current?.expiresAt;
      await this.#write(o, k, { text: String(next), expiresAt });
      return next;
    });
  }

  /** Resolves with the key when it existed, else null (AMB 26, as the docs tutorial prints). */
  async del(key: unknown, options?: unknown): Promise<string | null> {
    const k = checkKey(key);
    const o = parseKvOptions(options);
    return this.#locks.run(kvLockKey(o.keyspace, k), async () => {
      const raw = await this.#store.get(kvKey(o.keyspace, k));
      if (raw === undefined) return null;
      const e = decodeEntry(raw);
      await this.#store.batch(this.#deleteOps(o.keyspace, k, e));
      return e.expiresAt === undefined || e.expiresAt > this.#clock.now() ? k : null;
    });
  }

  /** Deletes every key starting with the prefix; resolves `{count}` of live keys removed (AMB 26). */
  async delAll(prefix: unknown, options?: unknown): Promise<{ count: number }> {
    const p = checkPrefix(prefix);
    const o = parseKvOptions(options);
    const base = kvPrefix(o.keyspace);
    const now = this.#clock.now();
    let ops: BatchOp[] = [];
    let count = 0;
    for await (const [k, raw] of this.#store.entries(rangeUnder(base + p))) {
      const e = decodeEntry(raw);
      if (e.expiresAt === undefined || e.expiresAt > now) count++;
      ops.push(...this.#deleteOps(o.keyspace, k.slice(base.length), e));
      if (ops.length >= 1000) {
        await this.#store.batch(ops);
        ops = [];
      }
    }
    await this.#store.batch(ops);
    return { count };
  }

  #expiry(o: KvOptions): number | undefined {
    // Whole milliseconds: the TTL index key holds an integer and must equal the stored expiry.
    return o.ttl === undefined ? undefined : Math.ceil(this.#clock.now() + o.ttl);
  }

  async #read(keyspace: string, key: string): Promise<Entry | undefined> {
    const raw = await this.#store.get(kvKey(keyspace, key));
    if (raw === undefined) return undefined;
    const e = decodeEntry(raw);
    return e.expiresAt !== undefined && e.expiresAt <= this.#clock.now() ? undefined : e;
  }

  /** Value and TTL entry in one batch. A TTL entry left by an earlier value is cleaned up by the sweeper. */
  #write(o: KvOptions, key: string, e: Entry): Promise<void> {
    const ops: BatchOp[] = [{ type: 'put', key: kvKey(o.keyspace, key), value: encodeEntry(e) }];
    if (e.expiresAt !== undefined) ops.push({ type: 'put', key: ttlKey(e.expiresAt, o.keyspace, key), value: '' });
    return this.#store.batch(ops);
  }

  #deleteOps(keyspace: string, key: string, e: Entry): BatchOp[] {
    const ops: BatchOp[] = [{ type: 'del', key: kvKey(keyspace, key) }];
    if (e.expiresAt !== undefined) ops.push({ type: 'del', key: ttlKey(e.expiresAt, keyspace, key) });
    return ops;
  }
}

/** KV-01: strings as they are, numbers and booleans as their text (42 reads back '42'), objects as JSON (AMB 25). */
function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === undefined) throw dbError('LH_KV_INVALID_VALUE', 'set needs a value (got undefined)');
  return JSON.stringify(toStorable(value, 'LH_KV_INVALID_VALUE'));
}

import { createHash } from 'node:crypto';
import type pg from 'pg';
import { KeyLock } from '../datastore/key-lock.js';

/**
 * The datastore's KeyLock held across processes: in-process waiters queue first (as before), then the holder
 * takes PostgreSQL advisory locks on its keys, on a connection of its own, so `incr`, update operators and
 * `_id` checks on a shared store stay read-modify-write safe. Keys are taken in sorted order (no deadlock
 * between two multi-key holders); two keys whose hashes collide merely wait for each other.
 */
export class PgKeyLock extends KeyLock {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    super();
    this.#pool = pool;
  }

  override run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return super.run(key, () => this.#held([key], fn));
  }

  override runAll<T>(keys: string[], fn: () => Promise<T>): Promise<T> {
    return super.runAll(keys, () => this.#held([...new Set(keys)].sort(), fn));
  }

  async #held<T>(keys: string[], fn: () => Promise<T>): Promise<T> {
    if (keys.length === 0) return fn();
    const client = await this.#pool.connect();
    try {
      // WITH ORDINALITY keeps the array's (sorted) order while the locks are taken.
      await client.query('SELECT count(pg_advisory_lock(h)) FROM unnest($1::int8[]) WITH ORDINALITY AS t(h, i)', [keys.map(lockId)]);
    } catch (err) {
      client.release(true);
      throw err;
    }
    try {
      return await fn();
    } finally {
      // A connection whose locks may still be held is closed instead of reused, which frees them.
      const unlocked = await client.query('SELECT pg_advisory_unlock_all()').then(() => true, () => false);
      client.release(!unlocked);
    }
  }
}

/** A key as a signed 64-bit advisory lock id (keys may hold `\0`, which PostgreSQL text refuses). */
export function lockId(key: string): string {
  return createHash('sha256').update(key).digest().readBigInt64BE(0).toString();
}

import type { Clock, TimerHandle } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Store } from '../storage/index.js';
import { kvKey, parseTtlKey, TTL_PREFIX, ttlTime } from './key-layout.js';
import type { KeyLock } from './key-lock.js';
import { decodeEntry, kvLockKey } from './kv-store.js';

/** How often expired key-value entries are deleted; reads hide them immediately, so this only frees space. */
export const DEFAULT_SWEEP_INTERVAL_MS = 60_000;

/**
 * Deletes expired key-value entries in expiry order, driven by the injected clock (tests advance a FakeClock).
 * A TTL entry whose value has since been overwritten (different expiry or none) is dropped on its own.
 */
export class TtlSweeper {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #locks: KeyLock;
  readonly #logger: Logger;
  readonly #intervalMs: number;
  #timer: TimerHandle | undefined;
  #running: Promise<number> | undefined;
  #stopped = false;

  constructor(deps: { store: Store; clock: Clock; locks: KeyLock; logger: Logger; intervalMs?: number }) {
    this.#store = deps.store;
    this.#clock = deps.clock;
    this.#locks = deps.locks;
    this.#logger = deps.logger;
    this.#intervalMs = deps.intervalMs ?? DEFAULT_SWEEP_INTERVAL_MS;
  }

  start(): void {
    this.#schedule();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#timer?.cancel();
    await this.#running?.catch(() => undefined);
  }

  /** One pass; resolves with the number of values deleted. Passes never overlap. */
  sweep(): Promise<number> {
    this.#running ??= this.#pass().finally(() => (this.#running = undefined));
    return this.#running;
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = this.#clock.setTimeout(() => {
      this.sweep()
        .catch((err: unknown) => this.#logger.error('datastore: TTL sweep failed', err))
        .finally(() => this.#schedule());
    }, this.#intervalMs);
  }

  async #pass(): Promise<number> {
    const now = this.#clock.now();
    const due: string[] = [];
    // Every entry with expiresAt <= now.
    for await (const key of this.#store.keys({ gte: TTL_PREFIX, lt: `${TTL_PREFIX}${ttlTime(now + 1)}` })) due.push(key);
    let removed = 0;
    for (const entryKey of due) {
      if (this.#stopped) break;
      const { expiresAt, keyspace, key } = parseTtlKey(entryKey);
      removed += await this.#locks.run(kvLockKey(keyspace, key), async () => {
        const raw = await this.#store.get(kvKey(keyspace, key));
        const live = raw === undefined ? undefined : decodeEntry(raw);
        if (live?.expiresAt === expiresAt) {
          await this.#store.batch([{ type: 'del', key: kvKey(keyspace, key) }, { type: 'del', key: entryKey }]);
          return 1;
        }
        await this.#store.del(entryKey);
        return 0;
      });
    }
    if (removed) this.#logger.debug(`datastore: TTL sweep removed ${removed} expired key(s)`);
    return removed;
  }
}

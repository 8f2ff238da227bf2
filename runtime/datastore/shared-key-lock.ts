import { changed, STRIPES } from '../storage/direct-control.js';
import { whenSettled } from '../settle.js';
import { KeyLock } from './key-lock.js';

/**
 * The datastore's KeyLock held across the threads that share one LevelDB (the main thread and the coderunners):
 * waiters of this thread queue first, as before, then the holder takes each key's stripe in a shared table
 * (compare-and-swap, waiting with Atomics.waitAsync, so no thread blocks its event loop). Stripes are taken in
 * ascending order, once each, so two multi-key holders cannot deadlock; two keys on one stripe merely wait for
 * each other. Locks nest in one order (an upsert's `u/` holds while it takes `d/` document keys, an insert's
 * `d/` while it takes a capped collection's `cap/`), so each kind of key has its own part of the table: a nested
 * key never lands on a stripe its holder already has.
 */
export class SharedKeyLock extends KeyLock {
  readonly #cells: Int32Array;
  readonly #owner: number;

  constructor(stripes: SharedArrayBuffer, owner: number) {
    super();
    this.#cells = new Int32Array(stripes);
    this.#owner = owner;
  }

  override run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return super.run(key, () => this.#held([stripeOf(key)], fn));
  }

  override runAll<T>(keys: string[], fn: () => Promise<T>): Promise<T> {
    const stripes = [...new Set(keys.map(stripeOf))].sort((a, b) => a - b);
    return super.runAll(keys, () => this.#held(stripes, fn));
  }

  /** Takes the stripes at once when they are free (nearly always), else waits for them in order. */
  #held<T>(stripes: number[], fn: () => Promise<T>): Promise<T> {
    let taken = 0;
    while (taken < stripes.length && Atomics.compareExchange(this.#cells, stripes[taken]!, 0, this.#owner) === 0) taken++;
    if (taken < stripes.length) return this.#heldLater(stripes, taken, fn);
    return whenSettled(fn, () => this.#free(stripes, stripes.length));
  }

  async #heldLater<T>(stripes: number[], taken: number, fn: () => Promise<T>): Promise<T> {
    try {
      while (taken < stripes.length) {
        await this.#take(stripes[taken]!);
        taken++;
      }
      return await fn();
    } finally {
      this.#free(stripes, taken);
    }
  }

  #free(stripes: number[], taken: number): void {
    for (let i = 0; i < taken; i++) {
      Atomics.store(this.#cells, stripes[i]!, 0);
      Atomics.notify(this.#cells, stripes[i]!, 1);
    }
  }

  async #take(stripe: number): Promise<void> {
    for (;;) {
      const holder = Atomics.compareExchange(this.#cells, stripe, 0, this.#owner);
      if (holder === 0) return;
      // The timeout only bounds a missed wake-up; a release always notifies.
      await changed(this.#cells, stripe, holder);
    }
  }
}

const KINDS = ['u/', 'd/', 'cap/'];
const PER_KIND = STRIPES / (KINDS.length + 1);

/** The key's part of the table (by kind), then FNV-1a over its UTF-16 units to spread similar keys. */
export function stripeOf(key: string): number {
  let kind = KINDS.findIndex((k) => key.startsWith(k));
  if (kind < 0) kind = KINDS.length;
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return kind * PER_KIND + ((h >>> 0) % PER_KIND);
}

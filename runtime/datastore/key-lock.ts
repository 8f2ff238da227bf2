import { whenSettled } from '../settle.js';

/**
 * Serialises async work per key: read-modify-write on one document or counter runs one at a time
 * (100 parallel `incr` end at 100; parallel workflow branches updating one instance, WF-27). Keys with no
 * waiting work take no memory. A free key is taken at once, without a promise of its own: most keys are.
 */
export class KeyLock {
  /** Held keys and who waits for each, in order (null: nobody). A free key has no entry. */
  readonly #held = new Map<string, (() => void)[] | null>();

  /** Waits for the key, then returns the function that releases it. */
  acquire(key: string): Promise<() => void> {
    let released = false;
    // Once only: a second call must not pass on a key the next holder now has.
    const release = (): void => {
      if (!released) {
        released = true;
        this.#release(key);
      }
    };
    if (!this.#held.has(key)) {
      this.#held.set(key, null);
      return Promise.resolve(release);
    }
    return new Promise((resolve) => this.#wait(key, () => resolve(release)));
  }

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    if (this.#held.has(key)) return new Promise<void>((wake) => this.#wait(key, wake)).then(() => this.#holding(key, fn));
    this.#held.set(key, null);
    return this.#holding(key, fn);
  }

  /** Runs `fn` holding every key, taken in sorted order so two multi-key holders cannot deadlock. */
  runAll<T>(keys: string[], fn: () => Promise<T>): Promise<T> {
    // No keys (an insert with generated ids): nothing to wait for.
    return keys.length === 0 ? fn() : this.#runAllHeld(keys, fn);
  }

  async #runAllHeld<T>(keys: string[], fn: () => Promise<T>): Promise<T> {
    const releases: (() => void)[] = [];
    try {
      for (const key of [...new Set(keys)].sort()) releases.push(await this.acquire(key));
      return await fn();
    } finally {
      for (const release of releases) release();
    }
  }

  get size(): number {
    return this.#held.size;
  }

  /** `fn` with the key held; the key passes on when its promise settles, before the caller sees the result. */
  #holding<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return whenSettled(fn, () => this.#release(key));
  }

  #wait(key: string, wake: () => void): void {
    const queue = this.#held.get(key);
    if (queue) queue.push(wake);
    else this.#held.set(key, [wake]);
  }

  /** Hands the key to its first waiter (it stays held), or frees it. */
  #release(key: string): void {
    const next = this.#held.get(key)?.shift();
    if (next) next();
    else this.#held.delete(key);
  }
}

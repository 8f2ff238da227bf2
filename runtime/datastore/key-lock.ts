/**
 * Serialises async work per key: read-modify-write on one document or counter runs one at a time
 * (100 parallel `incr` end at 100; parallel workflow branches updating one instance, WF-27). Keys with no
 * waiting work take no memory.
 */
export class KeyLock {
  readonly #tails = new Map<string, Promise<void>>();

  /** Waits for the key, then returns the function that releases it. */
  async acquire(key: string): Promise<() => void> {
    const prev = this.#tails.get(key);
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = prev ? prev.then(() => mine) : mine;
    this.#tails.set(key, tail);
    if (prev) await prev;
    return () => {
      release();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    };
  }

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire(key);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /** Runs `fn` holding every key, taken in sorted order so two multi-key holders cannot deadlock. */
  async runAll<T>(keys: string[], fn: () => Promise<T>): Promise<T> {
    const releases: (() => void)[] = [];
    try {
      for (const key of [...new Set(keys)].sort()) releases.push(await this.acquire(key));
      return await fn();
    } finally {
      for (const release of releases) release();
    }
  }

  get size(): number {
    return this.#tails.size;
  }
}

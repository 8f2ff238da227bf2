import type { BatchOp, Store } from '../storage/index.js';

/**
 * Funnels every queue write through one ordered stream of `store.batch` calls. Writes issued in the same tick
 * (or while the previous batch is on disk) are merged into the next batch, so a busy queue costs a few large
 * batches instead of one per state move, and a later move of an item can never land before an earlier one.
 * Each caller's ops stay together in one batch, so every state move is still atomic.
 */
export class WriteBatcher {
  readonly #store: Store;
  #ops: BatchOp[] = [];
  #waiters: { resolve: () => void; reject: (err: unknown) => void }[] = [];
  #inFlight: Promise<void> | null = null;
  #scheduled = false;

  constructor(store: Store) {
    this.#store = store;
  }

  write(ops: BatchOp[]): Promise<void> {
    for (const op of ops) this.#ops.push(op);
    const done = new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }));
    this.#schedule();
    return done;
  }

  /** Resolves once everything written so far is on disk (or failed). */
  async idle(): Promise<void> {
    while (this.#inFlight || this.#ops.length > 0 || this.#scheduled) {
      if (this.#inFlight) await this.#inFlight;
      else await new Promise<void>((r) => setImmediate(r));
    }
  }

  #schedule(): void {
    if (this.#scheduled || this.#inFlight) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      this.#flush();
    });
  }

  #flush(): void {
    const ops = this.#ops;
    const waiters = this.#waiters;
    this.#ops = [];
    this.#waiters = [];
    this.#inFlight = this.#store.batch(ops).then(
      () => waiters.forEach((w) => w.resolve()),
      (err: unknown) => waiters.forEach((w) => w.reject(err)),
    );
    void this.#inFlight.then(() => {
      this.#inFlight = null;
      if (this.#ops.length > 0) this.#schedule();
    });
  }
}

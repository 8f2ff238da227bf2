import type { BatchOp, Store } from '../storage/index.js';

/**
 * How long a write nobody waits for may wait for company: a few round trips to the app's thread, so the next
 * enqueue's batch usually carries it. Short enough that a crash loses no more than what at-least-once delivery
 * re-runs anyway (a lease or a completion not on disk means the item is delivered again).
 */
const SOON_MS = 10;

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
  #soon = false;
  /** An awaited write is among the ops: flush at once. */
  #urgent = false;

  constructor(store: Store) {
    this.#store = store;
  }

  write(ops: BatchOp[]): Promise<void> {
    const done = this.#add(ops);
    this.#urgent = true;
    this.#schedule();
    return done;
  }

  /**
   * For writes nobody waits for (a lease, a completion): they go with the next awaited write, or after SOON_MS,
   * so the moves of jobs that finish one by one (each answer arriving on its own from the app's thread) share a
   * batch instead of taking one each. Order is kept: they sit in the same stream.
   */
  writeSoon(ops: BatchOp[]): Promise<void> {
    const done = this.#add(ops);
    if (!this.#scheduled && !this.#inFlight) this.#later();
    return done;
  }

  #later(): void {
    if (this.#soon) return;
    this.#soon = true;
    setTimeout(() => {
      this.#soon = false;
      if (this.#ops.length > 0) this.#schedule();
    }, SOON_MS);
  }

  #add(ops: BatchOp[]): Promise<void> {
    for (const op of ops) this.#ops.push(op);
    return new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  /** Resolves once everything written so far is on disk (or failed). */
  async idle(): Promise<void> {
    while (this.#inFlight || this.#ops.length > 0 || this.#scheduled) {
      // Writes waiting for company go now: whoever waits here (a snapshot, close) should not wait for the timer.
      if (this.#ops.length > 0) this.#urgent = true;
      if (this.#inFlight) await this.#inFlight;
      else {
        this.#schedule();
        await new Promise<void>((r) => setImmediate(r));
      }
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
    this.#urgent = false;
    this.#ops = [];
    this.#waiters = [];
    this.#inFlight = this.#store.batch(ops).then(
      () => waiters.forEach((w) => w.resolve()),
      (err: unknown) => waiters.forEach((w) => w.reject(err)),
    );
    void this.#inFlight.then(() => {
      this.#inFlight = null;
      if (this.#urgent) this.#schedule();
      else if (this.#ops.length > 0) this.#later();
    });
  }
}

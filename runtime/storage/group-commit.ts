import { attempt } from '../settle.js';
import type { BatchOp } from './types.js';

type Waiter = { ops: BatchOp[]; resolve(): void; reject(err: unknown): void };

/**
 * Group commit: while one write is in the database, the writes that arrive meanwhile wait and then go in as one
 * batch, so concurrent callers share a write instead of queueing one each. Every caller still resolves only after
 * its own operations were written; a combined batch that fails is retried group by group, so one caller's bad
 * write fails that caller alone. Writes are applied in the order they were asked for.
 */
export class GroupCommit {
  readonly #write: (ops: BatchOp[]) => Promise<void>;
  #waiting: Waiter[] = [];
  #busy = false;
  readonly #settled = (): void => {
    if (this.#waiting.length > 0) void this.#drain();
    else this.#busy = false;
  };

  constructor(write: (ops: BatchOp[]) => Promise<void>) {
    this.#write = write;
  }

  write(ops: BatchOp[]): Promise<void> {
    if (!this.#busy) {
      // A lone writer (the common case of sequential calls) goes straight in, without a waiter or a wrapping promise.
      this.#busy = true;
      const p = this.#try(ops);
      p.then(this.#settled, this.#settled);
      return p;
    }
    return new Promise<void>((resolve, reject) => {
      this.#waiting.push({ ops, resolve, reject });
    });
  }

  #try(ops: BatchOp[]): Promise<void> {
    return attempt(() => this.#write(ops));
  }

  async #drain(): Promise<void> {
    while (this.#waiting.length > 0) {
      const group = this.#waiting;
      this.#waiting = [];
      if (group.length === 1) {
        const w = group[0]!;
        await this.#try(w.ops).then(w.resolve, w.reject);
        continue;
      }
      try {
        await this.#try(group.flatMap((w) => w.ops));
        for (const w of group) w.resolve();
      } catch {
        for (const w of group) await this.#try(w.ops).then(w.resolve, w.reject);
      }
      // Callers just answered mostly write again straight away: wait for them (their promise steps run first),
      // so they go in together instead of the first alone and the rest after it.
      if (this.#waiting.length < group.length) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    this.#busy = false;
  }
}

/**
 * Messages between the threads are sent once per event-loop turn as one batch: under load each wake-up of the
 * other thread then carries many requests or answers, instead of one message (and one wake-up) each.
 */
export class Batcher<T> {
  #queue: T[] = [];
  #scheduled = false;
  readonly #send: (msg: T | { type: 'batch'; msgs: T[] }) => void;
  readonly #onError: ((msg: T, err: unknown) => void) | undefined;

  /** `onError`: told of a message that could not be sent even on its own (it cannot be cloned). */
  constructor(send: (msg: T | { type: 'batch'; msgs: T[] }) => void, onError?: (msg: T, err: unknown) => void) {
    this.#send = send;
    this.#onError = onError;
  }

  push(msg: T): void {
    this.#queue.push(msg);
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(this.#flush);
    }
  }

  #flush = (): void => {
    this.#scheduled = false;
    const msgs = this.#queue;
    this.#queue = [];
    try {
      this.#send(msgs.length === 1 ? msgs[0]! : { type: 'batch', msgs });
    } catch (err) {
      if (msgs.length === 1) return this.#onError?.(msgs[0]!, err);
      // One message that cannot be cloned must not take the others with it.
      for (const m of msgs) {
        try {
          this.#send(m);
        } catch (e) {
          this.#onError?.(m, e);
        }
      }
    }
  };
}

export function isBatch<T>(m: T | { type: 'batch'; msgs: T[] }): m is { type: 'batch'; msgs: T[] } {
  return (m as { type?: unknown }).type === 'batch';
}

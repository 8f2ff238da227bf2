/**
 * Messages between the threads are sent once per event-loop turn as one batch: under load each wake-up of the
 * other thread then carries many requests or answers, instead of one message (and one wake-up) each.
 */
export class Batcher<T> {
  #queue: T[] = [];
  #scheduled = false;
  readonly #send: (msg: T | { type: 'batch'; msgs: T[] }) => void;

  constructor(send: (msg: T | { type: 'batch'; msgs: T[] }) => void) {
    this.#send = send;
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
    if (msgs.length === 1) return this.#send(msgs[0]!);
    try {
      this.#send({ type: 'batch', msgs });
    } catch {
      // One message that cannot be cloned must not take the others with it.
      for (const m of msgs) {
        try {
          this.#send(m);
        } catch {
          // reported by the sender's own checks
        }
      }
    }
  };
}

export function isBatch<T>(m: T | { type: 'batch'; msgs: T[] }): m is { type: 'batch'; msgs: T[] } {
  return (m as { type?: unknown }).type === 'batch';
}

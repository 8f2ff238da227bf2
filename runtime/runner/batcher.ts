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
    if (msgs.length > 1) packBodies(msgs);
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

/** Bodies up to this size share one buffer per batch; a larger one is a copy of its own anyway. */
const PACK_MAX = 16 * 1024;

/** Where a message keeps its body: `body` on an object, the last item of an answer tuple (runner/protocol.ts). */
function bodyOf(m: unknown): unknown {
  return Array.isArray(m) ? m[3] : (m as { body?: unknown }).body;
}

/**
 * The small `body` byte arrays of a batch's messages (the coderunner's answers) are copied into one buffer and
 * sent as views of it: structured clone then makes one ArrayBuffer on the other side instead of one per answer,
 * and each ArrayBuffer costs an allocation outside the heap and work for the garbage collector.
 */
function packBodies(msgs: unknown[]): void {
  let total = 0;
  let count = 0;
  for (const m of msgs) {
    const b = bodyOf(m);
    if (b instanceof Uint8Array && b.byteLength <= PACK_MAX) {
      total += b.byteLength;
      count++;
    }
  }
  if (count < 2) return;
  const pack = new Uint8Array(total);
  let offset = 0;
  for (const m of msgs) {
    const b = bodyOf(m);
    if (!(b instanceof Uint8Array) || b.byteLength > PACK_MAX) continue;
    pack.set(b, offset);
    const view = pack.subarray(offset, offset + b.byteLength);
    if (Array.isArray(m)) m[3] = view;
    else (m as { body?: unknown }).body = view;
    offset += b.byteLength;
  }
}

export function isBatch<T>(m: T | { type: 'batch'; msgs: T[] }): m is { type: 'batch'; msgs: T[] } {
  return !Array.isArray(m) && (m as { type?: unknown }).type === 'batch';
}

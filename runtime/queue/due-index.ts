import type { Clock, TimerHandle } from '../clock.js';

/** Min-heap of `(at, seq)` → item id: the time index for `runAt` items and retry backoffs. */
export interface DueEntry {
  at: number;
  seq: number;
  id: string;
}

export class DueIndex {
  readonly #heap: DueEntry[] = [];

  get size(): number {
    return this.#heap.length;
  }

  push(entry: DueEntry): void {
    const h = this.#heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  peek(): DueEntry | undefined {
    return this.#heap[0];
  }

  pop(): DueEntry | undefined {
    const h = this.#heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

function before(a: DueEntry, b: DueEntry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/** Node clamps longer timers to 1 ms; far-off runAt dates re-arm in steps of this size instead. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The time index with its one timer on the injected clock: `onDue` gets every entry whose time has come,
 * in time order. One timer for the earliest entry (not one per item) keeps 10k runAt items cheap.
 */
export class TimeIndex {
  readonly #heap = new DueIndex();
  readonly #clock: Clock;
  readonly #onDue: (entries: DueEntry[]) => void;
  #timer: TimerHandle | null = null;
  #timerAt = Infinity;
  #closed = false;

  constructor(clock: Clock, onDue: (entries: DueEntry[]) => void) {
    this.#clock = clock;
    this.#onDue = onDue;
  }

  add(entry: DueEntry): void {
    this.#heap.push(entry);
    this.#arm();
  }

  close(): void {
    this.#closed = true;
    this.#timer?.cancel();
    this.#timer = null;
  }

  #arm(): void {
    const next = this.#heap.peek();
    if (!next || this.#closed) return;
    if (this.#timer && this.#timerAt <= next.at) return;
    this.#timer?.cancel();
    this.#timerAt = next.at;
    const delay = Math.min(Math.max(0, next.at - this.#clock.now()), MAX_TIMER_MS);
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = null;
      this.#timerAt = Infinity;
      this.#fire();
    }, delay);
  }

  #fire(): void {
    const now = this.#clock.now();
    const due: DueEntry[] = [];
    for (let e = this.#heap.peek(); e && e.at <= now; e = this.#heap.peek()) due.push(this.#heap.pop()!);
    if (due.length > 0) this.#onDue(due);
    this.#arm();
  }
}

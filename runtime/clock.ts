/**
 * One injected clock for everything time-driven (TTL, queue delays and retries, cron, runAt, timeouts).
 * Tests use FakeClock and advance it instead of sleeping; `localhooks dev` runs on a MovableClock
 * (runtime/movable-clock.ts): real time plus an offset that `localhooks time advance|set|reset` changes.
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /**
   * A cell other threads read the clock's time from, when the app's own `Date` must follow this clock;
   * undefined when the app keeps the real time. Layout (BigInt64Array of two): `[value, mode]`, mode
   * CELL_FIXED (value = epoch ms) or CELL_OFFSET (value = ms added to the real time).
   */
  sharedCell?(): SharedArrayBuffer;
}

export const CELL_FIXED = 0n;
export const CELL_OFFSET = 1n;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  },
};

export interface PendingTimer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/**
 * A clock whose time can be moved: timers wait in a heap (time order, then the order they were set) and
 * `advance` fires the due ones one at a time, settling after each, so each tick's work finishes before the
 * next fires. FakeClock (frozen time) and MovableClock (real time plus an offset) differ only in `now()`.
 */
export abstract class SteppableClock implements Clock {
  #seq = 0;
  #live = 0;
  readonly #heap: PendingTimer[] = [];
  readonly #cell = new SharedArrayBuffer(16);
  readonly #view = new BigInt64Array(this.#cell);
  #settle: () => Promise<void> = settle;
  #moving: Promise<void> = Promise.resolve();
  #advancing = false;

  abstract now(): number;
  /** Makes `now()` answer `ms` from here on. */
  protected abstract jumpTo(ms: number): void;
  /** The earliest timer or the time changed (the movable clock re-arms its real timer). */
  protected timersChanged(): void {}

  sharedCell(): SharedArrayBuffer {
    return this.#cell;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer: PendingTimer = { at: this.now() + Math.max(0, ms), seq: this.#seq++, fn, cancelled: false };
    this.#push(timer);
    this.#live++;
    this.timersChanged();
    return {
      cancel: () => {
        if (timer.cancelled) return;
        timer.cancelled = true;
        this.#live--;
      },
    };
  }

  /**
   * How `advance` waits after each timer it fires. Default: a few event-loop turns. The runtime waits until it
   * is idle instead (runtime/work.ts idleSettler), so each timer's work (a cron run, a leased item) finishes
   * before the next fires.
   */
  settleWith(fn: () => Promise<void>): void {
    this.#settle = fn;
  }

  /** Moves time forward, firing due timers one at a time in time order, settling after each. Calls queue up. */
  advance(ms: number): Promise<void> {
    return this.queue(() => this.advanceNow(ms));
  }

  /** Jumps to `ms` (epoch): forward fires the timers on the way like `advance`; backward fires nothing. */
  set(ms: number): Promise<void> {
    return this.queue(() => (ms >= this.now() ? this.advanceNow(ms - this.now()) : this.jumpTo(ms)));
  }

  pendingTimers(): number {
    return this.#live;
  }

  /** True while `advance` is firing timers. */
  get advancing(): boolean {
    return this.#advancing;
  }

  /** Runs a time change after the ones already asked for. */
  protected queue(fn: () => Promise<void> | void): Promise<void> {
    const run = this.#moving.then(fn);
    this.#moving = run.catch(() => {});
    return run;
  }

  protected publish(value: number, mode: bigint): void {
    Atomics.store(this.#view, 0, BigInt(Math.floor(value)));
    Atomics.store(this.#view, 1, mode);
  }

  /** When the earliest live timer is due, or undefined. */
  protected nextDue(): number | undefined {
    this.#dropCancelled();
    return this.#heap[0]?.at;
  }

  /** The earliest live timer due by `limit`, removed from the heap. */
  protected takeDue(limit: number): PendingTimer | undefined {
    this.#dropCancelled();
    const top = this.#heap[0];
    if (!top || top.at > limit) return undefined;
    this.#pop();
    this.#live--;
    return top;
  }

  /** The advance itself, for time changes already running in `queue`. */
  protected async advanceNow(ms: number): Promise<void> {
    this.#advancing = true;
    try {
      const target = this.now() + ms;
      await this.#settle();
      for (let next = this.takeDue(target); next; next = this.takeDue(target)) {
        if (next.at > this.now()) this.jumpTo(next.at);
        next.fn();
        await this.#settle();
      }
      if (target > this.now()) this.jumpTo(target);
      await this.#settle();
    } finally {
      this.#advancing = false;
      this.timersChanged();
    }
  }

  #dropCancelled(): void {
    while (this.#heap[0]?.cancelled) this.#pop();
  }

  #push(t: PendingTimer): void {
    const h = this.#heap;
    h.push(t);
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  #pop(): void {
    const h = this.#heap;
    const last = h.pop();
    if (h.length === 0 || !last) return;
    h[0] = last;
    for (let i = 0; ; ) {
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
}

function before(a: PendingTimer, b: PendingTimer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/** Frozen time that moves only when `advance` or `set` moves it (tests, the test kit's manual clock). */
export class FakeClock extends SteppableClock {
  #now: number;

  constructor(start = Date.UTC(2026, 0, 1)) {
    super();
    this.#now = start;
    this.publish(start, CELL_FIXED);
  }

  now(): number {
    return this.#now;
  }

  protected jumpTo(ms: number): void {
    this.#now = ms;
    this.publish(ms, CELL_FIXED);
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}

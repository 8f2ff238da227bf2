/**
 * One injected clock for everything time-driven (TTL, queue delays and retries, cron, runAt, timeouts).
 * Tests use FakeClock and advance it instead of sleeping.
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /**
   * A cell other threads read the clock's time from (a BigInt64Array of one element, epoch ms), when the app's
   * own `Date` must follow this clock; undefined when the app keeps the real time.
   */
  sharedCell?(): SharedArrayBuffer;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  },
};

interface PendingTimer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

export class FakeClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: PendingTimer[] = [];
  readonly #cell = new SharedArrayBuffer(8);
  readonly #time = new BigInt64Array(this.#cell);
  #settle: () => Promise<void> = settle;
  #moving: Promise<void> = Promise.resolve();

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.#now = start;
    this.#publish();
  }

  now(): number {
    return this.#now;
  }

  sharedCell(): SharedArrayBuffer {
    return this.#cell;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer: PendingTimer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, fn, cancelled: false };
    this.#timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }

  /**
   * How `advance` waits after each timer it fires. Default: a few event-loop turns. The test kit waits until
   * the runtime is idle instead, so each timer's work (a cron run, a leased item) finishes before the next fires.
   */
  settleWith(fn: () => Promise<void>): void {
    this.#settle = fn;
  }

  /** Moves time forward, firing due timers one at a time in time order, settling after each. Calls queue up. */
  advance(ms: number): Promise<void> {
    const run = this.#moving.then(() => this.#advance(ms));
    this.#moving = run.catch(() => {});
    return run;
  }

  /** Jumps to `ms` (epoch): forward fires the timers on the way like `advance`; backward fires nothing. */
  set(ms: number): Promise<void> {
    const run = this.#moving.then(() => {
      if (ms >= this.#now) return this.#advance(ms - this.#now);
      this.#now = ms;
      this.#publish();
      return undefined;
    });
    this.#moving = run.catch(() => {});
    return run;
  }

  pendingTimers(): number {
    return this.#timers.filter((t) => !t.cancelled).length;
  }

  async #advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    await this.#settle();
    for (;;) {
      const next = this.#takeDue(target);
      if (!next) break;
      if (next.at > this.#now) {
        this.#now = next.at;
        this.#publish();
      }
      next.fn();
      await this.#settle();
    }
    this.#now = Math.max(this.#now, target);
    this.#publish();
    await this.#settle();
  }

  /** The earliest live timer due by `target` (ties in the order they were set), removed from the list. */
  #takeDue(target: number): PendingTimer | undefined {
    let best = -1;
    for (let i = 0; i < this.#timers.length; i++) {
      const t = this.#timers[i]!;
      if (t.cancelled || t.at > target) continue;
      const b = this.#timers[best];
      if (!b || t.at < b.at || (t.at === b.at && t.seq < b.seq)) best = i;
    }
    if (best < 0) {
      this.#timers = this.#timers.filter((t) => !t.cancelled);
      return undefined;
    }
    return this.#timers.splice(best, 1)[0];
  }

  #publish(): void {
    Atomics.store(this.#time, 0, BigInt(Math.floor(this.#now)));
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}

import { CELL_OFFSET, SteppableClock } from './clock.js';

/** Node clamps longer timers to 1 ms; far-off timers re-arm in steps of this size instead. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The clock of `localhooks dev`: real time plus an offset. Timers fire on their own as real time reaches them;
 * `advance`, `set` and `reset` (from `localhooks time`) move the offset, firing everything due on the way in
 * time order, as the test kit's manual clock does. The app's own `Date` follows it through the shared cell.
 */
export class MovableClock extends SteppableClock {
  #offset = 0;
  #real: NodeJS.Timeout | null = null;
  #realAt = Infinity;

  /** `start`: where the clock starts (epoch ms); default the real time. */
  constructor(start?: number) {
    super();
    if (start === undefined) this.#setOffset(0);
    else this.jumpTo(start);
  }

  now(): number {
    return Date.now() + this.#offset;
  }

  /** Milliseconds the clock runs ahead of the real time (negative: behind). */
  get offset(): number {
    return this.#offset;
  }

  /** Back to the real time: forward fires what is due on the way, backward fires nothing. */
  reset(): Promise<void> {
    return this.queue(async () => {
      if (this.#offset < 0) await this.advanceNow(-this.#offset);
      this.#setOffset(0);
    });
  }

  /** Stops the real timer; pending timers are dropped with the server. */
  stop(): void {
    if (this.#real) clearTimeout(this.#real);
    this.#real = null;
    this.#realAt = Infinity;
  }

  protected jumpTo(ms: number): void {
    this.#setOffset(Math.round(ms - Date.now()));
  }

  #setOffset(offset: number): void {
    this.#offset = offset;
    this.publish(offset, CELL_OFFSET);
    this.timersChanged();
  }

  protected override timersChanged(): void {
    if (this.advancing) return;
    const next = this.nextDue();
    if (next === undefined) return this.stop();
    if (this.#real && this.#realAt === next) return;
    this.stop();
    this.#realAt = next;
    this.#real = setTimeout(() => this.#fire(), Math.min(Math.max(0, next - this.now()), MAX_TIMER_MS));
    this.#real.unref();
  }

  #fire(): void {
    this.#real = null;
    this.#realAt = Infinity;
    // An advance in progress fires the due timers itself, in order, and re-arms when it ends.
    if (this.advancing) return;
    for (let t = this.takeDue(this.now()); t; t = this.takeDue(this.now())) t.fn();
    this.timersChanged();
  }
}

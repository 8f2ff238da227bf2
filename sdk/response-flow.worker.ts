import type { Readable } from 'node:stream';

/**
 * Bytes of one streamed answer that may be on their way to the client (sent to the main thread, not yet
 * handed to the socket) before the writer is held back. 1 MiB keeps a fast download at full speed (sixteen
 * 64 KiB chunks in flight) while a slow client costs at most this much memory per response.
 */
export const RESPONSE_HIGH_WATER = 1024 * 1024;
/** Held writers go on once the bytes in flight drop below this. */
export const RESPONSE_LOW_WATER = 256 * 1024;

/**
 * Backpressure for one streamed response across the thread boundary: the main thread acknowledges each chunk
 * once the socket took it (`response-ack`), and writers wait for room. File streams written to `res` are
 * paused here while the client is behind; `abort` (the client went away) releases everyone and destroys them.
 */
export class ResponseFlow {
  #inflight = 0;
  #aborted = false;
  #waiters: (() => void)[] = [];
  readonly #held = new Set<Readable>();
  readonly #linked = new Set<Readable>();

  get full(): boolean {
    return this.#inflight >= RESPONSE_HIGH_WATER && !this.#aborted;
  }

  get aborted(): boolean {
    return this.#aborted;
  }

  sent(bytes: number): void {
    this.#inflight += bytes;
  }

  acked(bytes: number): void {
    this.#inflight -= bytes;
    if (this.#inflight < RESPONSE_LOW_WATER) this.#release();
  }

  /** Resolves when there is room again (at once if there is), or when the response was aborted. */
  room(): Promise<void> {
    if (!this.full) return Promise.resolve();
    return new Promise((r) => this.#waiters.push(r));
  }

  /**
   * A source that writes to this response: paused while there is no room, destroyed if the client goes away
   * (then nobody reads what it would send).
   */
  hold(source: Readable): void {
    if (this.#aborted) return void source.destroy();
    if (!this.#linked.has(source)) {
      this.#linked.add(source);
      source.once('close', () => this.#linked.delete(source));
    }
    if (!this.full || this.#held.has(source)) return;
    this.#held.add(source);
    source.pause();
  }

  abort(): void {
    if (this.#aborted) return;
    this.#aborted = true;
    for (const s of this.#linked) s.destroy();
    this.#linked.clear();
    this.#release();
  }

  #release(): void {
    for (const s of this.#held) s.resume();
    this.#held.clear();
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }
}

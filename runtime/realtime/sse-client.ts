import type { ServerResponse } from 'node:http';

/**
 * One open event stream. Writes never wait: a client that stops reading fills its socket, then Node's buffer;
 * past `maxBuffered` bytes it is dropped, so a stalled client never holds memory or slows a publisher.
 */
export class SseClient {
  readonly key: string;
  readonly listenerId: string;
  subscribe: Record<string, unknown>;
  /** Events that arrived while the missed ones were replayed; sent after them. */
  #held: { id: string; data: unknown }[] | null = null;
  #lastId = '';
  #open = true;
  readonly #res: ServerResponse;
  readonly #maxBuffered: number;
  readonly #onDrop: (client: SseClient, reason: string) => void;

  constructor(o: {
    key: string;
    listenerId: string;
    subscribe: Record<string, unknown>;
    res: ServerResponse;
    maxBuffered: number;
    onDrop: (client: SseClient, reason: string) => void;
  }) {
    this.key = o.key;
    this.listenerId = o.listenerId;
    this.subscribe = o.subscribe;
    this.#res = o.res;
    this.#maxBuffered = o.maxBuffered;
    this.#onDrop = o.onDrop;
  }

  get open(): boolean {
    return this.#open;
  }

  holdWhileReplaying(): void {
    this.#held = [];
  }

  /** Sends the held live events that came after the replayed ones, then goes live. */
  release(): void {
    const held = this.#held ?? [];
    this.#held = null;
    for (const e of held) if (e.id > this.#lastId) this.send(e.id, e.data);
  }

  send(id: string, data: unknown, replayed = false): void {
    if (!this.#open) return;
    if (this.#held && !replayed) {
      this.#held.push({ id, data });
      return;
    }
    this.#lastId = id;
    // JSON.stringify never emits a raw newline, so one `data:` line carries the whole event (RT-06).
    this.#write(`id: ${id}\ndata: ${JSON.stringify(data ?? null)}\n\n`);
  }

  comment(text: string): void {
    if (this.#open) this.#write(`: ${text}\n\n`);
  }

  close(): void {
    if (!this.#open) return;
    this.#open = false;
    this.#res.end();
  }

  /** The socket went away (the client closed it). */
  gone(): void {
    this.#open = false;
  }

  #write(text: string): void {
    this.#res.write(text);
    if (this.#res.writableLength > this.#maxBuffered) {
      this.#open = false;
      this.#res.destroy();
      this.#onDrop(this, `${this.#res.writableLength} bytes of events unread (the client stopped reading)`);
    }
  }
}

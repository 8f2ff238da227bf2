import type { FastifyReply, FastifyRequest } from 'fastify';

/** Events a client may leave unread before it is dropped (it reconnects and reloads what it shows). */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** Proxies and browsers close idle streams; a comment this often keeps it open. */
const HEARTBEAT_MS = 15_000;
/** Events are sent in batches this far apart: a burst of writes becomes one write per client. */
const FLUSH_MS = 100;

export interface FeedEvent {
  type: string;
  data: unknown;
}

/**
 * The dashboard's one live stream (`GET /.localhooks/api/events`): named server-sent events (`request`,
 * `workflow`, `stats`, `build`, `data`, …). Publishing costs nothing while no page is open; events with a key
 * replace an unsent one with the same key, so a busy app sends the latest state, not every step to it.
 */
export class DashboardFeed {
  #clients = new Set<FastifyReply>();
  #pending: FeedEvent[] = [];
  #keyed = new Map<string, FeedEvent>();
  #timer: NodeJS.Timeout | null = null;
  #heartbeat: NodeJS.Timeout | null = null;
  #seq = 0;
  #onActive: ((active: boolean) => void) | null = null;

  /** Told when the first page connects and when the last one leaves (writes are watched only meanwhile). */
  onActive(fn: (active: boolean) => void): void {
    this.#onActive = fn;
  }

  get size(): number {
    return this.#clients.size;
  }

  publish(type: string, data: unknown, key?: string): void {
    if (this.#clients.size === 0) return;
    if (key === undefined) this.#pending.push({ type, data });
    else this.#keyed.set(`${type}:${key}`, { type, data });
    this.#timer ??= setTimeout(() => this.#flush(), FLUSH_MS);
  }

  connect(req: FastifyRequest, reply: FastifyReply, hello: FeedEvent[]): void {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no', connection: 'keep-alive' });
    res.write(`retry: 2000\n\n${hello.map((e) => this.#format(e)).join('')}`);
    this.#add(reply);
    req.raw.on('close', () => this.#delete(reply));
    this.#heartbeat ??= setInterval(() => this.#write(': ping\n\n'), HEARTBEAT_MS).unref();
  }

  close(): void {
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#timer = this.#heartbeat = null;
    for (const c of this.#clients) c.raw.end();
    for (const c of [...this.#clients]) this.#delete(c);
  }

  #add(c: FastifyReply): void {
    this.#clients.add(c);
    if (this.#clients.size === 1) this.#onActive?.(true);
  }

  #delete(c: FastifyReply): void {
    if (this.#clients.delete(c) && this.#clients.size === 0) this.#onActive?.(false);
  }

  #flush(): void {
    this.#timer = null;
    const events = [...this.#pending, ...this.#keyed.values()];
    this.#pending = [];
    this.#keyed.clear();
    if (events.length) this.#write(events.map((e) => this.#format(e)).join(''));
  }

  #format(e: FeedEvent): string {
    // JSON.stringify never emits a raw newline, so one data line carries the whole event.
    return `id: ${++this.#seq}\nevent: ${e.type}\ndata: ${JSON.stringify(e.data ?? null)}\n\n`;
  }

  #write(text: string): void {
    for (const c of this.#clients) {
      const res = c.raw;
      if (res.destroyed) {
        this.#delete(c);
        continue;
      }
      res.write(text);
      if (res.writableLength > MAX_BUFFERED_BYTES) {
        this.#delete(c);
        res.destroy();
      }
    }
  }
}

import { request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';

export interface SseStream {
  status: number;
  headers: IncomingHttpHeaders;
  /** `data` of every message so far, parsed as JSON. */
  events: unknown[];
  ids: string[];
  /** Resolves once the server ended the stream. */
  ended: Promise<void>;
  /** Resolves when `check(events)` holds (checked on every message). */
  until(check: (events: unknown[]) => boolean, what?: string, timeoutMs?: number): Promise<void>;
  /** Stops reading from the socket (a stalled client), without closing it. */
  stall(): void;
  close(): void;
  /** The raw body of a non-200 answer. */
  body(): Promise<string>;
}

/** A minimal EventSource for tests: opens `url`, parses `id:`/`data:` lines into events. */
export function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: 'text/event-stream', ...headers } });
    req.once('error', reject);
    req.once('response', (res: IncomingMessage) => {
      const events: unknown[] = [];
      const ids: string[] = [];
      const waiters = new Set<() => void>();
      let buf = '';
      let id = '';
      let endResolve!: () => void;
      const ended = new Promise<void>((r) => (endResolve = r));
      res.once('end', endResolve);
      res.once('close', endResolve);
      res.once('error', endResolve);
      const stream: SseStream = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        events,
        ids,
        ended,
        until(check, what = 'events', timeoutMs = 20_000) {
          if (check(events)) return Promise.resolve();
          return new Promise((ok, fail) => {
            const t = setTimeout(() => {
              waiters.delete(w);
              fail(new Error(`timed out waiting for ${what}; got ${events.length} events`));
            }, timeoutMs);
            const w = () => {
              if (!check(events)) return;
              clearTimeout(t);
              waiters.delete(w);
              ok();
            };
            waiters.add(w);
          });
        },
        stall: () => res.pause(),
        close: () => req.destroy(),
        body: () => new Promise((ok) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.once('end', () => ok(text));
        }),
      };
      if (res.statusCode !== 200) return resolve(stream);
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let cut: number;
        while ((cut = buf.indexOf('\n\n')) !== -1) {
          const block = buf.slice(0, cut);
          buf = buf.slice(cut + 2);
          let data: string | null = null;
          for (const line of block.split('\n')) {
            if (line.startsWith('id: ')) id = line.slice(4);
            else if (line.startsWith('data: ')) data = (data === null ? '' : data + '\n') + line.slice(6);
          }
          if (data === null) continue;
          events.push(JSON.parse(data));
          ids.push(id);
        }
        for (const w of [...waiters]) w();
      });
      resolve(stream);
    });
    req.end();
  });
}

import type { FastifyInstance } from 'fastify';
import { ADMIN_API } from '../admin/prefix.js';
import { intParam } from '../admin/request.js';
import { LOG_BACKLOG, type LogBuffer, type LogEntry } from './log-buffer.js';
import { int, list, obj, routeSchema, str } from '../admin/schema.js';

/** A follower whose socket holds more unread bytes than this is too slow; it is dropped, the server is not held up. */
const MAX_UNREAD_BYTES = 1024 * 1024;
/** A comment line this often keeps proxies and idle-connection timers from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

const ENTRY = obj({ seq: int('increasing; ask for lines after one with ?after in clients'), time: int('epoch ms'), level: str(), text: str() });
const TAIL = { tail: int('the last N lines: 0..backlog, default 100') };
const SCHEMAS = {
  tail: routeSchema({ tag: 'logs', summary: 'The last log lines of localhooks and the app', query: TAIL, reply: obj({ entries: list(ENTRY) }) }),
  stream: routeSchema({ tag: 'logs', summary: 'Server-sent events: `log` events for the last N lines, then each new line', query: TAIL, produces: 'text/event-stream', reply: str() }),
};

/**
 * `GET /.localhooks/api/logs?tail=N` → `{entries: LogEntry[]}` (default 100, at most 1000);
 * `GET /.localhooks/api/logs/stream?tail=N` → server-sent events: `log` events for the last N lines, then each
 * new line as it is written, until the client leaves.
 */
export function registerLogRoutes(app: FastifyInstance, sources: { logs: LogBuffer }): void {
  const tailOf = (q: Record<string, unknown>, def: number) => intParam(q.tail, 'tail', { min: 0, max: LOG_BACKLOG, def });
  app.get<{ Querystring: Record<string, unknown> }>(`${ADMIN_API}/logs`, { schema: SCHEMAS.tail }, async (req) => ({ entries: sources.logs.tail(tailOf(req.query, 100)) }));
  app.get<{ Querystring: Record<string, unknown> }>(`${ADMIN_API}/logs/stream`, { schema: SCHEMAS.stream }, (req, reply) => {
    const backlog = sources.logs.tail(tailOf(req.query, 100));
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = (e: LogEntry): void => {
      if (res.writableLength > MAX_UNREAD_BYTES) return void res.destroy();
      res.write(`id: ${e.seq}\nevent: log\ndata: ${JSON.stringify(e)}\n\n`);
    };
    for (const e of backlog) send(e);
    res.write(`event: ready\ndata: {}\n\n`);
    const off = sources.logs.subscribe(send);
    const beat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    beat.unref();
    res.on('close', () => {
      off();
      clearInterval(beat);
    });
  });
}

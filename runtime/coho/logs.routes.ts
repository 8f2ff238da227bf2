import type { FastifyInstance } from 'fastify';
import { intParam } from '../admin/request.js';
import { LOG_BACKLOG, type LogEntry } from '../logs/log-buffer.js';
import { COHO_PREFIX } from './gate.js';
import type { CohoSources } from './sources.js';

const HEARTBEAT_MS = 15_000;
/** A follower this far behind is dropped rather than buffered without bound. */
const MAX_UNREAD_BYTES = 1024 * 1024;

const toCoho = (e: LogEntry) => ({ logtype: e.level, date: new Date(e.time).toISOString(), log: e.text });

/**
 * `_A_D_M_logs?tail=N` (`coho log [-f]`): server-sent events as the CLI reads them: the last N lines as `log`
 * events (newest first: the CLI reverses them), `logend`, then each new line as a `logrt` event.
 * The `filter` (context) parameter is not applied: localhooks does not tag lines by hook kind.
 */
export function registerCohoLogRoutes(app: FastifyInstance, s: CohoSources): void {
  app.get<{ Querystring: Record<string, unknown> }>(`${COHO_PREFIX}/:space/_A_D_M_logs`, (req, reply) => {
    const tail = intParam(req.query.tail, 'tail', { min: 0, max: LOG_BACKLOG, def: 100 });
    const backlog = s.logs.tail(tail);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const event = (name: string, data: unknown) => {
      if (res.writableLength > MAX_UNREAD_BYTES) return void res.destroy();
      res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    for (const e of [...backlog].reverse()) event('log', toCoho(e));
    event('logend', {});
    const off = s.logs.subscribe((e) => event('logrt', toCoho(e)));
    const beat = setInterval(() => event('ping', {}), HEARTBEAT_MS);
    beat.unref();
    res.on('close', () => {
      off();
      clearInterval(beat);
    });
  });
}

/**
 * Realtime channels over server-sent events (RT-01…08). The real codehooks-js keeps listeners and events as
 * documents (`_event_listeners_<ch>`, `_event_publish_<ch>`) and answers `GET <channel>/:listenerID` with the
 * `x-realtime-connect` header; this service turns that answer into an event stream and pushes every published
 * event to the connected listeners whose `subscribe` data matches the event's query. It watches the data
 * services' writes, so events from routes, queue workers, cron jobs, workflow steps and the test kit all count.
 *
 * @example
 *   const realtime = createRealtimeService({ backend, logger });
 *   services.observe((method, args, result) => realtime.observe(method, args, result));
 *   gateway: on an `x-realtime-connect` answer → realtime.connect({ channel, apiPath, req, res, headers })
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CALLS, type CallMethod, type ConnBackend } from '../../sdk/contract/calls.js';
import { channelKey, LISTENERS_PREFIX, PUBLISH_PREFIX, type ListenerDoc, type PublishDoc } from '../../sdk/contract/realtime.js';
import { matchesQuery } from '../datastore/index.js';
import type { Logger } from '../logger.js';
import { RealtimeError } from './errors.js';
import { SseClient } from './sse-client.js';

export { RealtimeError, REALTIME_ERRORS } from './errors.js';

/** Unread bytes a client may have queued before it is dropped: a few thousand typical events, bounded memory. */
export const MAX_BUFFERED_BYTES = 1024 * 1024;
/** Proxies and browsers drop idle connections after 30–60 s; a comment line keeps the stream warm. */
export const KEEPALIVE_MS = 15_000;
/** Events replayed to a client that reconnects with `Last-Event-ID` (EventSource does so by itself). */
export const REPLAY_LIMIT = 1000;
/** How long EventSource waits before reconnecting after the stream broke. */
const RETRY_MS = 2000;

export interface RealtimeOptions {
  backend: ConnBackend;
  logger: Logger;
  maxBufferedBytes?: number;
  keepAliveMs?: number;
}

export interface ConnectRequest {
  /** The `x-realtime-connect` value: the channel path (`/chat`). */
  channel: string;
  /** The request path without the space (`/chat/<listenerID>`). */
  apiPath: string;
  req: IncomingMessage;
  res: ServerResponse;
  /** Headers the gateway adds (CORS). */
  headers: Record<string, string>;
}

export interface RealtimeService {
  connect(request: ConnectRequest): Promise<void>;
  /** Every call the data services answered; publish inserts and listener changes matter here. */
  observe(method: CallMethod, args: readonly unknown[], result: unknown): void;
  status(): { channel: string; clients: number; delivered: number; dropped: number }[];
  /** Ends every stream (the server is stopping). */
  close(): void;
}

export function createRealtimeService(opts: RealtimeOptions): RealtimeService {
  const clients = new Map<string, Set<SseClient>>();
  const counts = new Map<string, { delivered: number; dropped: number }>();
  const maxBuffered = opts.maxBufferedBytes ?? MAX_BUFFERED_BYTES;
  const countsOf = (key: string) => counts.get(key) ?? counts.set(key, { delivered: 0, dropped: 0 }).get(key)!;
  const remove = (c: SseClient) => {
    const set = clients.get(c.key);
    set?.delete(c);
    if (set?.size === 0) clients.delete(c.key);
  };
  const onDrop = (c: SseClient, reason: string) => {
    remove(c);
    countsOf(c.key).dropped++;
    opts.logger.warn(`realtime: dropped listener ${c.listenerId} on /${c.key}: ${reason}`);
  };
  const keepAlive = setInterval(() => {
    for (const set of clients.values()) for (const c of set) c.comment('keep-alive');
  }, opts.keepAliveMs ?? KEEPALIVE_MS);
  keepAlive.unref();

  const deliver = (key: string, event: PublishDoc, to: Iterable<SseClient>, replayed = false) => {
    const match = eventFilter(event, opts.logger);
    const n = countsOf(key);
    for (const c of to) {
      if (!match(c.subscribe)) continue;
      c.send(event._id, event.data, replayed);
      n.delivered++;
    }
  };

  /** A listener doc changed or went away: connected clients follow (RT-05: removed → the stream ends). */
  const refresh = async (key: string) => {
    for (const c of [...(clients.get(key) ?? [])]) {
      const doc = (await opts.backend.call('findOneOrNull', [LISTENERS_PREFIX + key, { _id: c.listenerId }])) as ListenerDoc | null;
      if (doc) c.subscribe = subscribeOf(doc);
      else {
        remove(c);
        c.close();
      }
    }
  };

  return {
    async connect({ channel, apiPath, req, res, headers }) {
      if (!channel.startsWith('/') || !apiPath.startsWith(channel + '/')) {
        throw new RealtimeError('LH_RT_INVALID_CHANNEL', `${apiPath} is not a listener URL of channel ${channel}: use ${channel}/<listenerID>`);
      }
      const listenerId = decodeURIComponent(apiPath.slice(channel.length + 1));
      const key = channelKey(channel);
      const doc = (await opts.backend.call('findOneOrNull', [LISTENERS_PREFIX + key, { _id: listenerId }])) as ListenerDoc | null;
      if (!doc) {
        throw new RealtimeError('LH_RT_UNKNOWN_LISTENER', `No listener ${listenerId} on channel ${channel}: create one with realtime.createListener('${channel}', data)`);
      }
      res.writeHead(200, {
        ...headers,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // nginx and similar proxies would otherwise buffer the stream.
        'x-accel-buffering': 'no',
      });
      res.write(`retry: ${RETRY_MS}\n: connected to ${channel} as ${listenerId}\n\n`);
      req.socket.setNoDelay(true);
      req.socket.setTimeout(0);
      const client = new SseClient({ key, listenerId, subscribe: subscribeOf(doc), res, maxBuffered, onDrop });
      const lastId = req.headers['last-event-id'];
      const replay = typeof lastId === 'string' && /^[0-9a-f]{24}$/.test(lastId);
      if (replay) client.holdWhileReplaying();
      (clients.get(key) ?? clients.set(key, new Set()).get(key)!).add(client);
      res.on('close', () => {
        client.gone();
        remove(client);
      });
      if (!replay) return;
      // The client reconnected: first what it missed, then what arrived meanwhile (EventSource resends the last id).
      const missed = opts.backend.iterate('getMany', [PUBLISH_PREFIX + key, { _id: { $gt: lastId } }, { limit: REPLAY_LIMIT }]);
      for await (const event of missed) deliver(key, event as PublishDoc, [client], true);
      client.release();
    },

    observe(method, args, result) {
      const coll = args[0];
      if (!CALLS[method].write || typeof coll !== 'string' || !coll.startsWith('_event_')) return;
      if (coll.startsWith(PUBLISH_PREFIX) && method === 'insertOne') {
        const key = coll.slice(PUBLISH_PREFIX.length);
        const set = clients.get(key);
        if (!set) return;
        for (const event of (Array.isArray(result) ? result : [result]) as PublishDoc[]) deliver(key, event, set);
      } else if (coll.startsWith(LISTENERS_PREFIX) && method !== 'insertOne') {
        const key = coll.slice(LISTENERS_PREFIX.length);
        if (clients.has(key)) void refresh(key).catch((err) => opts.logger.warn(`realtime: could not re-read the listeners of /${key}: ${(err as Error).message}`));
      }
    },

    status() {
      const keys = new Set([...clients.keys(), ...counts.keys()]);
      return [...keys].sort().map((key) => ({ channel: `/${key}`, clients: clients.get(key)?.size ?? 0, ...countsOf(key) }));
    },

    close() {
      clearInterval(keepAlive);
      for (const set of clients.values()) for (const c of set) c.close();
      clients.clear();
    },
  };
}

function subscribeOf(doc: ListenerDoc): Record<string, unknown> {
  return doc.subscribe && typeof doc.subscribe === 'object' ? doc.subscribe : {};
}

/** RT-04: an event reaches the listeners whose `subscribe` data matches its query; an empty query reaches all. */
function eventFilter(event: PublishDoc, logger: Logger): (subscribe: Record<string, unknown>) => boolean {
  const query = event.query ?? {};
  if (Object.keys(query).length === 0) return () => true;
  try {
    return matchesQuery(query);
  } catch (err) {
    logger.warn(`realtime: event ${event._id} has a query that cannot be matched (${(err as Error).message}); nobody receives it`);
    return () => false;
  }
}

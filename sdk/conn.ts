import {
  CALL_METHODS,
  CALLS,
  STREAM_METHODS,
  STREAMS,
  type CallArgs,
  type CallMethod,
  type CollectionMethod,
  type CollectionStreamMethod,
  type ConnBackend,
  type PlatformCalls,
  type PlatformStreams,
  type StreamItem,
  type StreamMethod,
} from './contract/calls.js';
import { DataStream, type CursorOptions } from './data-stream.js';
import { plainErrors } from './error-values.js';

type Tail<A extends readonly unknown[]> = A extends readonly [unknown, ...infer R] ? R : never;

/** The reading calls as apps see them: a DataStream at once, not a promise (DB-08). */
export type ConnStreams = { [M in StreamMethod]: (...args: Parameters<PlatformStreams[M]>) => DataStream<StreamItem<M>> };

/** `conn.collection(name)`: the collection calls without their first argument (DB-28). */
export type CollectionApi = { [M in CollectionMethod]: (...args: Tail<CallArgs<M>>) => ReturnType<PlatformCalls[M]> } & {
  [M in CollectionStreamMethod]: (...args: Tail<Parameters<PlatformStreams[M]>>) => DataStream<StreamItem<M>>;
};

/** The object apps get from `Datastore.open()` (DB-01, CONTRACT-02, CONTRACT-33). */
export type Conn = PlatformCalls &
  ConnStreams & {
    collection(name: string): CollectionApi;
    /** Resolves to this conn, so code treating it as a datastore (`app.datastore.open()`) works too. */
    open(): Promise<Conn>;
  };

/**
 * Builds the conn on top of any backend: the runtime's services in the main thread (the test kit's `server.db`),
 * or the RPC proxy inside a coderunner. Every method comes from the contract's tables and forwards the app's raw
 * arguments (the services validate them); reads are DataStreams over `backend.iterate`. Results are typed by the
 * contract, whose handler tables on the service side the compiler checks. Keep this file light: every runner
 * thread loads it.
 */
export function createConn(backend: ConnBackend): Conn {
  const conn: Conn = {
    ...bindAll<PlatformCalls>(CALL_METHODS, (m) => caller(backend, m)),
    ...bindAll<ConnStreams>(STREAM_METHODS, (m) => streamer(backend, m)),
    collection: (name: string) => collectionApi(conn, name),
    open: () => Promise.resolve(conn),
  };
  return conn;
}

/**
 * One function per method of a table. The transport answers `unknown`; what the compiler checks against the
 * contract is the services' handler tables, so this is the one place where the two sides' types meet.
 */
function bindAll<T>(methods: readonly (keyof T)[], bind: (method: keyof T) => unknown): T {
  const out: Partial<Record<keyof T, unknown>> = {};
  for (const m of methods) out[m] = bind(m);
  return out as T;
}

function caller(backend: ConnBackend, method: CallMethod) {
  const positions = CALLS[method].data;
  return (...args: unknown[]) => {
    // Error objects in app data would lose their name and fields in structured clone (CONTRACT-29).
    for (const i of positions) if (i < args.length) args[i] = plainErrors(args[i]);
    return backend.call(method, args);
  };
}

function streamer(backend: ConnBackend, method: StreamMethod) {
  const at = STREAMS[method].options;
  return (...args: unknown[]) =>
    new DataStream((cursor) => (at < 0 ? limited(backend.iterate(method, args), cursor) : backend.iterate(method, withCursor(args, at, cursor))));
}

/** Chained `.sort/.limit/.skip` override the same options given to the call. */
function withCursor(args: unknown[], at: number, cursor: CursorOptions): unknown[] {
  if (Object.keys(cursor).length === 0) return args;
  const out = [...args];
  while (out.length < at) out.push(undefined);
  const given = out[at];
  out[at] = { ...(given && typeof given === 'object' ? given : {}), ...cursor };
  return out;
}

/** Streams whose call takes no read options (getAll) apply skip and limit here; sorting is not offered. */
async function* limited(items: AsyncIterable<unknown>, cursor: CursorOptions): AsyncIterable<unknown> {
  if (cursor.sort !== undefined) throw new TypeError('.sort() is not available on this stream; sort the items after reading them');
  let skip = cursor.offset ?? 0;
  let left = cursor.limit || Infinity; // 0 means no limit, as in getMany's options
  for await (const item of items) {
    if (skip > 0) {
      skip--;
      continue;
    }
    yield item;
    if (--left <= 0) return;
  }
}

function collectionApi(conn: Conn, name: string): CollectionApi {
  const methods = [...CALL_METHODS.filter((m) => CALLS[m].collection), ...STREAM_METHODS.filter((m) => STREAMS[m].collection)];
  return bindAll<CollectionApi>(methods as (keyof CollectionApi)[], (m) => {
    const fn = conn[m] as (...args: unknown[]) => unknown;
    return (...args: unknown[]) => fn(name, ...args);
  });
}

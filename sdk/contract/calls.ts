import type {
  CollectionCreated,
  CollectionDropped,
  Count,
  Doc,
  NewDoc,
  EnqueueResult,
  FindOptions,
  IdOrQuery,
  KvOptions,
  KvPair,
  Query,
  SchemaRemoved,
  SchemaSet,
  Update,
  WriteOptions,
} from './values.js';

/**
 * Every promise-returning call an app can make into the platform, as `conn.<method>(...)` where
 * `conn = await Datastore.open()`. This interface is the contract: the `CALLS` table below must list each
 * method, and the runtime's handler tables (`CallHandlers<'datastore'>`, `CallHandlers<'queue'>`) must
 * implement each one, or the build fails.
 */
export interface PlatformCalls {
  /** DB-03: one document → the stored document; an array → the stored documents. */
  insertOne(collection: string, doc: NewDoc | NewDoc[]): Promise<Doc | Doc[]>;
  /** DB-05/06: by `_id` or query; rejects with LH_DB_NOT_FOUND (404) when nothing matches. */
  getOne(collection: string, idOrQuery: IdOrQuery): Promise<Doc>;
  /** The same as getOne (an alias apps use). */
  findOne(collection: string, idOrQuery: IdOrQuery): Promise<Doc>;
  /** DB-07: null instead of a rejection. */
  findOneOrNull(collection: string, idOrQuery: IdOrQuery): Promise<Doc | null>;
  /** DB-16/18: the whole updated document; null when nothing matched (and no upsert). */
  updateOne(collection: string, idOrQuery: IdOrQuery, update: Update, options?: WriteOptions, legacy?: WriteOptions): Promise<Doc | null>;
  updateMany(collection: string, query: Query, update: Update, options?: WriteOptions): Promise<Count>;
  replaceOne(collection: string, idOrQuery: IdOrQuery, doc: NewDoc, options?: WriteOptions): Promise<Doc | null>;
  replaceMany(collection: string, query: Query, doc: NewDoc): Promise<Count>;
  removeOne(collection: string, idOrQuery: IdOrQuery, options?: Record<string, unknown>): Promise<{ _id: string }>;
  removeMany(collection: string, query?: Query, options?: FindOptions): Promise<Count>;
  count(collection: string, query?: Query, options?: FindOptions): Promise<Count>;
  createCollection(collection: string, options?: Record<string, unknown>): Promise<CollectionCreated>;
  dropCollection(collection: string): Promise<CollectionDropped>;
  /** Resolves with the collection's indexed fields. */
  createIndex(collection: string, fields: string | string[]): Promise<string[]>;
  removeIndex(collection: string, fields: string | string[]): Promise<string[]>;
  /** DB-04: a JSON schema; later writes that break it reject with `schemaError`. */
  setSchema(collection: string, schema: Record<string, unknown>): Promise<SchemaSet>;
  createSchema(collection: string, schema: Record<string, unknown>): Promise<SchemaSet>;
  getSchema(collection: string): Promise<unknown>;
  removeSchema(collection: string): Promise<SchemaRemoved>;

  /** KV-01: objects are stored as JSON text. */
  set(key: string, value: unknown, options?: KvOptions): Promise<string>;
  get(key: string, options?: KvOptions): Promise<string | null>;
  setObj(key: string, value: unknown, options?: KvOptions): Promise<unknown>;
  getObj(key: string, options?: KvOptions): Promise<unknown>;
  /** KV-05: the new count. */
  incr(key: string, amount?: number, options?: KvOptions): Promise<number>;
  decr(key: string, amount?: number, options?: KvOptions): Promise<number>;
  del(key: string, options?: KvOptions): Promise<string | null>;
  delAll(keyPattern: string, options?: KvOptions): Promise<Count>;

  /** `payload` goes to the topic's worker as `req.body.payload`. */
  enqueue(topic: string, payload: unknown, options?: Record<string, unknown>): Promise<EnqueueResult>;
  /** one queue item per matching document. */
  enqueueFromQuery(collection: string, query: Query, topic: string, options?: FindOptions): Promise<Count & { jobId: string }>;
  /** JOB-05: `payload` goes to `topic`'s worker at `date`. */
  runAt(date: Date | string | number, payload: unknown, topic: string): Promise<EnqueueResult>;
}

/** The reading calls: they return a DataStream at once (DB-08), whose items arrive as the store is read. */
export interface PlatformStreams {
  getMany(collection: string, query?: Query, options?: FindOptions): AsyncIterable<Doc>;
  find(collection: string, query?: Query, options?: FindOptions): AsyncIterable<Doc>;
  getAll(keyPattern?: string, options?: KvOptions): AsyncIterable<KvPair>;
}

/** Which runtime service answers a call. */
export type Service = 'datastore' | 'queue';

export interface CallSpec {
  service: Service;
  /** The call may change stored data (observers such as realtime and snapshots watch these). */
  write: boolean;
  /** The first argument is a collection name, so `conn.collection(name)` offers the call without it. */
  collection: boolean;
  /** Argument positions holding app data that may contain Error objects, made plain before they cross threads. */
  data: readonly number[];
}

export interface StreamSpec {
  collection: boolean;
  /** Where the read options go, so DataStream's `.sort()/.limit()/.skip()` can fill them in; -1: none. */
  options: number;
}

const read = <C extends boolean>(collection: C) => ({ service: 'datastore', write: false, collection, data: [] }) as const;
const write = <C extends boolean>(collection: C, data: readonly number[] = []) => ({ service: 'datastore', write: true, collection, data }) as const;
const queue = <C extends boolean>(collection: C, data: readonly number[] = []) => ({ service: 'queue', write: true, collection, data }) as const;

/** How each call is routed and shaped. The `satisfies` clause makes a missing or extra method a build error. */
export const CALLS = {
  insertOne: write(true, [1]),
  getOne: read(true),
  findOne: read(true),
  findOneOrNull: read(true),
  updateOne: write(true, [2, 3, 4]),
  updateMany: write(true, [2, 3]),
  replaceOne: write(true, [2]),
  replaceMany: write(true, [2]),
  removeOne: write(true),
  removeMany: write(true),
  count: read(true),
  createCollection: write(true),
  dropCollection: write(true),
  createIndex: write(true),
  removeIndex: write(true),
  setSchema: write(true),
  createSchema: write(true),
  getSchema: read(true),
  removeSchema: write(true),
  set: write(false, [1]),
  get: read(false),
  setObj: write(false, [1]),
  getObj: read(false),
  incr: write(false),
  decr: write(false),
  del: write(false),
  delAll: write(false),
  enqueue: queue(false, [1]),
  enqueueFromQuery: queue(true),
  runAt: queue(false, [1]),
} as const satisfies { readonly [M in keyof PlatformCalls]: CallSpec };

export const STREAMS = {
  getMany: { collection: true, options: 2 },
  find: { collection: true, options: 2 },
  getAll: { collection: false, options: -1 },
} as const satisfies { readonly [M in keyof PlatformStreams]: StreamSpec };

export type CallMethod = keyof PlatformCalls;
export type StreamMethod = keyof PlatformStreams;
export type CallArgs<M extends CallMethod> = Parameters<PlatformCalls[M]>;
export type CallResult<M extends CallMethod> = Awaited<ReturnType<PlatformCalls[M]>>;
export type StreamArgs<M extends StreamMethod> = Parameters<PlatformStreams[M]>;
export type StreamItem<M extends StreamMethod> = ReturnType<PlatformStreams[M]> extends AsyncIterable<infer T> ? T : never;

/** The calls one service answers. */
export type ServiceMethod<S extends Service> = { [M in CallMethod]: (typeof CALLS)[M]['service'] extends S ? M : never }[CallMethod];
/** The calls `conn.collection(name)` offers. */
export type CollectionMethod = { [M in CallMethod]: (typeof CALLS)[M]['collection'] extends true ? M : never }[CallMethod];
export type CollectionStreamMethod = { [M in StreamMethod]: (typeof STREAMS)[M]['collection'] extends true ? M : never }[StreamMethod];

/**
 * What a service implements for its calls. Arguments arrive as the app passed them (any value can cross the
 * thread boundary), so handlers take `unknown` and validate; their results are checked against the contract.
 */
export type CallHandlers<S extends Service> = { readonly [M in ServiceMethod<S>]: (...args: unknown[]) => Promise<CallResult<M>> };
export type StreamHandlers = { readonly [M in StreamMethod]: (args: readonly unknown[]) => AsyncIterable<StreamItem<M>> };

export const CALL_METHODS = Object.freeze(Object.keys(CALLS)) as readonly CallMethod[];
export const STREAM_METHODS = Object.freeze(Object.keys(STREAMS)) as readonly StreamMethod[];

export function isCallMethod(method: unknown): method is CallMethod {
  return typeof method === 'string' && Object.prototype.hasOwnProperty.call(CALLS, method);
}

export function isStreamMethod(method: unknown): method is StreamMethod {
  return typeof method === 'string' && Object.prototype.hasOwnProperty.call(STREAMS, method);
}

export function isServiceMethod<S extends Service>(method: unknown, service: S): method is ServiceMethod<S> {
  return isCallMethod(method) && CALLS[method].service === service;
}

export function methodsOf<S extends Service>(service: S): readonly ServiceMethod<S>[] {
  return CALL_METHODS.filter((m): m is ServiceMethod<S> => CALLS[m].service === service);
}

/**
 * What a `conn` needs underneath it: the datastore and queue services in the main thread, or the RPC proxy inside
 * a coderunner. Transport only: arguments are the app's raw values; results are typed by the conn that wraps it.
 */
export interface ConnBackend {
  call(method: CallMethod, args: readonly unknown[]): Promise<unknown>;
  iterate(method: StreamMethod, args: readonly unknown[]): AsyncIterable<unknown>;
}

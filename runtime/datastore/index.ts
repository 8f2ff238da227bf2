import { systemClock, type Clock } from '../clock.js';
import { createLogger, type Logger } from '../logger.js';
import type { Store } from '../storage/index.js';
import { CollectionAdmin } from './collection-admin.js';
import { CollectionRegistry } from './collections.js';
import { isStreamMethod, type CallHandlers, type ConnBackend, type StreamHandlers } from '../../sdk/contract/calls.js';
import { DocMutations } from './doc-mutations.js';
import { DocReader } from './doc-reader.js';
import { DocWriter } from './doc-writer.js';
import { dbError } from './errors.js';
import { KeyLock } from './key-lock.js';
import { KeyValueStore } from './kv-store.js';
import { NoSqlApi } from './nosql-api.js';
import { ObjectIdGenerator } from './object-id.js';
import { SchemaValidators } from './schemas.js';
import { TtlSweeper } from './ttl-sweeper.js';
import { collectionInfos, type CollectionInfo } from './admin-info.js';
import { compileQuery } from './query/compile.js';
import { KvAdmin } from './kv-admin.js';
import { validateDocuments, type DocProblem } from './doc-validate.js';
import { checkCollection } from './collection-name.js';
import { upsertDocuments } from './doc-upsert.js';
import { backfillSummaries, readSummaries, type Summarizers } from './summaries.js';

export { createConn, type Conn, type CollectionApi } from '../../sdk/conn.js';
export { DataStream } from '../../sdk/data-stream.js';
export { DB_ERROR_CODES, DatastoreError, SchemaValidationError, type DbErrorCode } from './errors.js';
export type { CollectionInfo } from './admin-info.js';
export type { KvAdmin, KvEntry } from './kv-admin.js';
export type { DocProblem } from './doc-validate.js';
export type { Summarizer, Summarizers } from './summaries.js';

/** A query compiled once into a test of one object (realtime matches event queries against `subscribe` data). */
export function matchesQuery(query: unknown): (value: Record<string, unknown>) => boolean {
  return compileQuery(query);
}

export interface DatastoreOptions {
  store: Store;
  clock?: Clock;
  logger?: Logger;
  /** How often expired key-value entries are deleted (ms); default 60 000. Reads hide them at once anyway. */
  ttlSweepIntervalMs?: number;
  /** Collections whose documents get a derived summary written beside them (see summaries.ts). */
  summaries?: Summarizers;
  /** Serialises read-modify-write; a shared store passes one that also holds across processes (runtime/cluster). */
  locks?: KeyLock;
  /** Id state shared by the threads writing one store (object-id.ts `idCells`). */
  idCells?: SharedArrayBuffer;
  /** False in a coderunner thread sharing the main thread's store: the main thread sweeps expired entries. */
  sweep?: boolean;
  /** Called after a call or reload during which collection metadata changed (threads sharing the store re-read it). */
  onMetaChange?: () => void;
}

/**
 * The datastore service: the contract's datastore calls behind `call`/`iterate`, plus admin helpers. `call`
 * takes any name, since names arrive from other threads; queue calls (enqueue, runAt …) answer
 * LH_DB_UNKNOWN_METHOD here: the queue broker serves them (runtime/services.ts routes by the contract).
 */
export interface DatastoreService extends ConnBackend {
  call(method: string, args: readonly unknown[]): Promise<unknown>;
  /** Names `call` accepts: the datastore's calls, and the reading calls (answered as arrays). */
  readonly methods: readonly string[];
  listCollections(): Promise<CollectionInfo[]>;
  /** Key-value beyond the contract, for the data tools: entries with their expiry, keyspaces, exact-expiry writes. */
  readonly kv: KvAdmin;
  /** The checks an insert makes, without writing (imports validate everything first); `schema` overrides the collection's. */
  validateDocuments(collection: string, docs: readonly unknown[], schema?: Record<string, unknown> | null): DocProblem[];
  /** Writes documents by `_id` (replacing, or inserting those without one) in one atomic batch: an import's write. */
  upsertDocuments(collection: string, docs: readonly unknown[]): Promise<{ inserted: number; replaced: number }>;
  /** `[_id, summary]` of every document of a collection with a summarizer, in `_id` order (newest first when `reverse`). */
  summaries(collection: string, reverse?: boolean): AsyncIterable<[string, string]>;
  /** Collection names, without counting their documents. */
  collectionNames(): string[];
  /** A collection's stored metadata: what a thread sharing the store checks before answering a call itself. */
  storedCollection(name: string): { cap?: number; schema?: unknown } | undefined;
  /** Re-reads collection metadata after the store's contents were replaced (a snapshot restore); no calls may be in flight. */
  reload(): Promise<void>;
  /** Runs one TTL sweep now; resolves with the number of expired keys deleted. */
  sweepExpired(): Promise<number>;
  /** Stops the sweeper and waits for calls in progress. The store stays open: its owner closes it. */
  close(): Promise<void>;
}

export async function createDatastore(options: DatastoreOptions): Promise<DatastoreService> {
  const { store } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger();
  const registry = new CollectionRegistry(store);
  await registry.load();
  await backfillSummaries(store, options.summaries);
  const locks = options.locks ?? new KeyLock();
  const schemas = new SchemaValidators();
  const reader = new DocReader(store, registry);
  const writer = new DocWriter({ store, registry, locks, ids: new ObjectIdGenerator(clock, options.idCells), schemas, clock, summaries: options.summaries });
  const mutations = new DocMutations({ store, registry, reader, writer, locks });
  const admin = new CollectionAdmin({ store, registry, writer, schemas, clock });
  const nosql = new NoSqlApi({ reader, writer, mutations, admin, locks });
  const kv = new KeyValueStore(store, clock, locks);
  const kvAdmin = new KvAdmin(store, clock, locks);
  const sweeper = new TtlSweeper({ store, clock, locks, logger, intervalMs: options.ttlSweepIntervalMs });

  const calls: CallHandlers<'datastore'> = {
    insertOne: (c, d) => nosql.insertOne(c, d),
    getOne: (c, q) => nosql.getOne(c, q),
    findOne: (c, q) => nosql.getOne(c, q),
    findOneOrNull: (c, q) => nosql.findOneOrNull(c, q),
    updateOne: (c, q, u, o4, o5) => nosql.updateOne(c, q, u, o4, o5),
    updateMany: (c, q, u, o4) => nosql.updateMany(c, q, u, o4),
    replaceOne: (c, q, d, o) => nosql.replaceOne(c, q, d, o),
    replaceMany: (c, q, d) => nosql.replaceMany(c, q, d),
    removeOne: (c, q) => nosql.removeOne(c, q),
    removeMany: (c, q, o) => nosql.removeMany(c, q, o),
    count: (c, q, o) => nosql.count(c, q, o),
    createCollection: (c, o) => nosql.createCollection(c, o),
    dropCollection: (c) => nosql.dropCollection(c),
    createIndex: (c, f) => nosql.createIndex(c, f),
    removeIndex: (c, f) => nosql.removeIndex(c, f),
    setSchema: (c, s) => nosql.setSchema(c, s),
    createSchema: (c, s) => nosql.setSchema(c, s),
    getSchema: (c) => nosql.getSchema(c),
    removeSchema: (c) => nosql.removeSchema(c),
    set: (k, v, o) => kv.set(k, v, o),
    get: (k, o) => kv.get(k, o),
    setObj: (k, v, o) => kv.setObj(k, v, o),
    getObj: (k, o) => kv.getObj(k, o),
    incr: (k, n, o) => kv.incr(k, n, o, 1),
    decr: (k, n, o) => kv.incr(k, n, o, -1),
    del: (k, o) => kv.del(k, o),
    delAll: (p, o) => kv.delAll(p, o),
  };
  const streams: StreamHandlers = {
    getMany: (a) => nosql.find(a[0], a[1], a[2]),
    find: (a) => nosql.find(a[0], a[1], a[2]),
    getAll: (a) => kv.getAll(a[0], a[1]),
  };
  // The reading calls also answer `call`, as arrays, for callers without a stream (admin tools).
  const table: Record<string, (args: readonly unknown[]) => Promise<unknown>> = {};
  for (const [name, fn] of Object.entries(calls)) table[name] = (args) => fn(...args);
  for (const [name, open] of Object.entries(streams)) table[name] = (args) => collect(open(args));

  // Calls in progress, counted rather than kept: close() waits for them.
  let inflight = 0;
  let idle: (() => void) | null = null;
  let drained: Promise<void> | null = null;
  const done = (): void => {
    if (--inflight === 0 && idle) idle();
  };
  let closed = false;
  if (options.sweep !== false) sweeper.start();
  const onMetaChange = options.onMetaChange;
  const watchMeta = <T>(p: Promise<T>): Promise<T> => {
    if (!onMetaChange) return p;
    const version = registry.version;
    const after = (): void => {
      if (registry.version !== version) onMetaChange();
    };
    p.then(after, after);
    return p;
  };

  return {
    methods: Object.freeze(Object.keys(table)),
    call(method, args) {
      if (closed) return Promise.reject(dbError('LH_DB_CLOSED', `The datastore is closed (${method})`));
      const fn = Object.prototype.hasOwnProperty.call(table, method) ? table[method] : undefined;
      if (!fn) return Promise.reject(dbError('LH_DB_UNKNOWN_METHOD', `The datastore has no method "${method}"`));
      let p: Promise<unknown>;
      try {
        p = fn(Array.isArray(args) ? args : []);
      } catch (err) {
        return Promise.reject(err);
      }
      inflight++;
      p.then(done, done);
      return watchMeta(p);
    },
    async *iterate(method, args) {
      if (closed) throw dbError('LH_DB_CLOSED', `The datastore is closed (${method})`);
      if (!isStreamMethod(method)) throw dbError('LH_DB_UNKNOWN_METHOD', `The datastore has no stream method "${String(method)}"`);
      yield* streams[method](Array.isArray(args) ? args : []);
    },
    listCollections: () => collectionInfos(store, registry),
    kv: kvAdmin,
    validateDocuments: (coll, docs, schema) => validateDocuments({ writer, registry }, checkCollection(coll), docs, schema),
    upsertDocuments: (coll, docs) => watchMeta(upsertDocuments({ store, registry, writer, locks }, checkCollection(coll), docs)),
    summaries: (coll, reverse) => readSummaries(store, coll, reverse),
    collectionNames: () => registry.names(),
    storedCollection: (name) => registry.stored(name),
    async reload() {
      await registry.load();
      await backfillSummaries(store, options.summaries);
      schemas.forget();
      writer.forgetCount();
      onMetaChange?.();
    },
    sweepExpired: () => sweeper.sweep(),
    async close() {
      closed = true;
      await sweeper.stop();
      if (inflight > 0) await (drained ??= new Promise<void>((resolve) => (idle = resolve)));
    },
  };
}

async function collect(it: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const x of it) out.push(x);
  return out;
}

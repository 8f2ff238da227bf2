import type { ConnBackend, StreamMethod } from './conn-backend.js';
import { DataStream } from './data-stream.js';
import { plainErrors } from './error-values.js';

type AsyncFn = (...args: any[]) => Promise<any>;

/** `conn.collection(name)`: the collection methods without their first argument (DB-28). */
export interface CollectionApi {
  getOne: AsyncFn;
  findOne: AsyncFn;
  findOneOrNull: AsyncFn;
  getMany: (query?: unknown, options?: unknown) => DataStream;
  find: (query?: unknown, options?: unknown) => DataStream;
  insertOne: AsyncFn;
  updateOne: AsyncFn;
  updateMany: AsyncFn;
  replaceOne: AsyncFn;
  replaceMany: AsyncFn;
  removeOne: AsyncFn;
  removeMany: AsyncFn;
  createSchema: AsyncFn;
  setSchema: AsyncFn;
  removeSchema: AsyncFn;
  getSchema: AsyncFn;
  count: AsyncFn;
  createIndex: AsyncFn;
  removeIndex: AsyncFn;
  createCollection: AsyncFn;
  dropCollection: AsyncFn;
  enqueueFromQuery: AsyncFn;
}

/** The object apps get from `Datastore.open()` (DB-01, CONTRACT-02, CONTRACT-33). */
export interface Conn {
  /** Hosts may add their own members (the runner sets `open`), so the conn is also a plain record. */
  [member: string]: unknown;
  insertOne: AsyncFn;
  getOne: AsyncFn;
  findOne: AsyncFn;
  findOneOrNull: AsyncFn;
  getMany: (collection: string, query?: unknown, options?: unknown) => DataStream;
  find: (collection: string, query?: unknown, options?: unknown) => DataStream;
  updateOne: AsyncFn;
  updateMany: AsyncFn;
  replaceOne: AsyncFn;
  replaceMany: AsyncFn;
  removeOne: AsyncFn;
  removeMany: AsyncFn;
  count: AsyncFn;
  createCollection: AsyncFn;
  dropCollection: AsyncFn;
  createIndex: AsyncFn;
  removeIndex: AsyncFn;
  setSchema: AsyncFn;
  createSchema: AsyncFn;
  getSchema: AsyncFn;
  removeSchema: AsyncFn;
  set: AsyncFn;
  get: AsyncFn;
  setObj: AsyncFn;
  getObj: AsyncFn;
  getAll: (keyPattern?: string, options?: unknown) => DataStream;
  incr: AsyncFn;
  decr: AsyncFn;
  del: AsyncFn;
  delAll: AsyncFn;
  enqueue: AsyncFn;
  enqueueFromQuery: AsyncFn;
  runAt: AsyncFn;
  collection(name: string): CollectionApi;
  /** Resolves to this conn, so code treating it as a datastore (`app.datastore.open()`) works too. */
  open(): Promise<Conn>;
}

/**
 * Argument positions holding app data that may contain Error objects (workflow `$set: {lastError: err}`);
 * they are made plain here, before a MessagePort's structured clone would drop the name and own fields.
 */
const DATA_ARGS: Readonly<Record<string, readonly number[]>> = {
  insertOne: [1],
  updateOne: [2, 3, 4],
  updateMany: [2, 3],
  replaceOne: [2],
  replaceMany: [2],
  set: [1],
  setObj: [1],
  enqueue: [1],
  runAt: [1],
};

const COLLECTION_METHODS = [
  'getOne', 'findOne', 'findOneOrNull', 'insertOne', 'updateOne', 'updateMany', 'replaceOne', 'replaceMany',
  'removeOne', 'removeMany', 'createSchema', 'setSchema', 'removeSchema', 'getSchema', 'count', 'createIndex',
  'removeIndex', 'createCollection', 'dropCollection', 'enqueueFromQuery',
] as const;

/**
 * Builds the conn on top of any backend: the datastore service in-process, or an RPC proxy inside a runner
 * worker. Every method forwards its raw arguments (the service normalises them); streams are DataStreams over
 * `backend.iterate`. Keep this file light: it is loaded in every worker.
 */
export function createConn(backend: ConnBackend): Conn {
  const call =
    (method: string): AsyncFn =>
    (...args: unknown[]) => {
      const positions = DATA_ARGS[method];
      if (positions) for (const i of positions) if (i < args.length) args[i] = plainErrors(args[i]);
      return backend.call(method, args);
    };
  const stream =
    (method: StreamMethod) =>
    (...args: unknown[]): DataStream =>
      new DataStream(() => backend.iterate(method, args));

  const conn: Conn = {
    insertOne: call('insertOne'),
    getOne: call('getOne'),
    findOne: call('findOne'),
    findOneOrNull: call('findOneOrNull'),
    getMany: stream('getMany'),
    find: stream('find'),
    updateOne: call('updateOne'),
    updateMany: call('updateMany'),
    replaceOne: call('replaceOne'),
    replaceMany: call('replaceMany'),
    removeOne: call('removeOne'),
    removeMany: call('removeMany'),
    count: call('count'),
    createCollection: call('createCollection'),
    dropCollection: call('dropCollection'),
    createIndex: call('createIndex'),
    removeIndex: call('removeIndex'),
    setSchema: call('setSchema'),
    createSchema: call('createSchema'),
    getSchema: call('getSchema'),
    removeSchema: call('removeSchema'),
    set: call('set'),
    get: call('get'),
    setObj: call('setObj'),
    getObj: call('getObj'),
    getAll: stream('getAll'),
    incr: call('incr'),
    decr: call('decr'),
    del: call('del'),
    delAll: call('delAll'),
    enqueue: call('enqueue'),
    enqueueFromQuery: call('enqueueFromQuery'),
    runAt: call('runAt'),
    collection(name: string): CollectionApi {
      const bound: Record<string, unknown> = {};
      for (const m of COLLECTION_METHODS) {
        const fn = conn[m] as AsyncFn;
        bound[m] = (...args: unknown[]) => fn(name, ...args);
      }
      bound.getMany = (query?: unknown, options?: unknown) => conn.getMany(name, query, options);
      bound.find = (query?: unknown, options?: unknown) => conn.find(name, query, options);
      return bound as unknown as CollectionApi;
    },
    open: () => Promise.resolve(conn),
  };
  return conn;
}

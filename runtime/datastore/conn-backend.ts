/**
 * What a codehooks `conn` (the object `Datastore.open()` resolves to) needs underneath it. The datastore
 * service implements it in the main thread; the coderunner proxies the same two calls over a MessagePort, so
 * the `conn` facade (argument shapes, DataStreams, `collection(name)`) is one piece of code used in both places.
 *
 * Arguments and results must survive structured clone (plain data, Date, RegExp, Buffer); errors are
 * serialised by the RPC layer keeping `name`, `message`, `code`, `status` and `schemaError`.
 */
export interface ConnBackend {
  /** Every promise-returning conn method: `insertOne`, `getOne`, `updateOne`, `set`, `incr`, `enqueue`, … */
  call(method: string, args: unknown[]): Promise<unknown>;
  /** The streaming methods: `getMany`/`find` (documents) and `getAll` (`{key, val}` pairs). */
  iterate(method: StreamMethod, args: unknown[]): AsyncIterable<unknown>;
}

export type StreamMethod = 'getMany' | 'find' | 'getAll';

export const STREAM_METHODS: readonly StreamMethod[] = ['getMany', 'find', 'getAll'];

/** Conn methods served by the queue broker rather than the datastore. */
export const QUEUE_METHODS = ['enqueue', 'enqueueFromQuery', 'runAt'] as const;

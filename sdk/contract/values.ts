/**
 * The values that cross the platform boundary: what an app passes to the datastore, key-value store and queues,
 * and what it gets back. Everything here survives structured clone (plain data, Date, RegExp, Buffer).
 */

/**
 * A stored document: `_id` is set by the datastore (24 hex characters) or kept as the app gave it. Fields are
 * the app's own shape, so they are typed `any` (as codehooks-js types them) and typed apps read them freely.
 */
export type Doc = Record<string, any>;

/** A document to store: any object (an app's own interface types included); `_id` is optional. */
export type NewDoc = object;

/** A query object in the platform's MongoDB-like language (`{status: 'open', age: {$gt: 21}}`). */
export type Query = Record<string, unknown>;

/** An `_id` string or a query: `getOne('orders', id)` and `getOne('orders', {orderNo: 7})` both work. */
export type IdOrQuery = string | Query;

/** An update document with operators (`{$set: {...}, $inc: {...}}`), or plain fields to set. */
export type Update = Record<string, unknown>;

/**
 * Read options, in every spelling apps use: `{sort, limit, offset}`, `{hints: {$fields, $sort}}`, `skip`,
 * and `filter` (crudlify passes the query in both places).
 */
export interface FindOptions {
  filter?: Query;
  sort?: Record<string, 1 | -1> | string | string[];
  limit?: number;
  offset?: number;
  skip?: number;
  hints?: Record<string, unknown>;
  [option: string]: unknown;
}

/** `updateOne`/`replaceOne` options: `upsert` inserts when nothing matches. */
export interface WriteOptions {
  upsert?: boolean;
  [option: string]: unknown;
}

/** Key-value options: `ttl` in milliseconds (none: forever), `keyspace` (none: the default one). */
export interface KvOptions {
  ttl?: number;
  keyspace?: string;
}

/** One entry of `getAll(keyPattern)`. */
export interface KvPair {
  key: string;
  val: unknown;
}

export interface Count {
  count: number;
}

/**
 * The lifecycle of one queue item: waiting → leased → done | failed → (backoff) waiting … → dead. A `runAt`
 * item is `waiting` with a future due time.
 */
export type QueueState = 'waiting' | 'leased' | 'done' | 'failed' | 'dead';

/** What `enqueue` and `runAt` resolve with (never null: the SDK's workflow engine destructures `_id`). */
export interface EnqueueResult {
  _id: string;
  topic: string;
  state: QueueState;
  enqueuedAt: string;
  runAt?: string;
}

export interface CollectionCreated {
  collection: string;
  created: boolean;
}

export interface CollectionDropped {
  collection: string;
  dropped: boolean;
}

export interface SchemaSet {
  collection: string;
  schema: unknown;
}

export interface SchemaRemoved {
  collection: string;
  removed: boolean;
}

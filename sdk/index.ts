/**
 * What a Codehooks app sees of the platform, typed once: the calls (`conn.insertOne`, `conn.enqueue` …), the
 * values they take and return, the file store and the request wire shape. The runtime derives its dispatch
 * from these tables; the test kit types `server.db` with `Conn`.
 *
 * @example
 *   import { createConn, type Conn } from 'localhooks/sdk';
 *   const conn: Conn = createConn(backend);        // backend: the runtime's services, or the runner's RPC
 *   const recent = await conn.getMany('email_log', { to }).sort({ sentAt: -1 }).limit(100).toArray();
 */
export * from './contract/calls.js';
export type * from './contract/values.js';
export type * from './contract/files.js';
export type * from './contract/http.js';
export { createConn, type Conn, type CollectionApi, type ConnStreams } from './conn.js';
export { DataStream, type CursorOptions } from './data-stream.js';
export { LocalhooksError, isLocalhooksError } from './errors.js';

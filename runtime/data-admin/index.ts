/**
 * The data half of the admin API (`/.localhooks/api/collections…`, `/kv…`): what an app stored, readable and
 * changeable without writing a route for it. Reads and writes go through the contract's conn, the same calls an
 * app makes; the datastore's helpers fill in what the contract has no call for (the TTL left, bulk import by
 * `_id`, validation without writing). The CLI (`localhooks query|count|kv|export|import`) and the dashboard use it.
 */
import type { FastifyInstance } from 'fastify';
import { registerCollectionRoutes } from './collections.routes.js';
import { registerDocRoutes } from './docs.routes.js';
import { registerKvRoutes } from './kv.routes.js';
import { registerTransferRoutes } from './transfer.routes.js';
import type { DataRouteSources } from './sources.js';

export type { DataRouteSources } from './sources.js';
export { AdminError, ADMIN_ERRORS, type AdminErrorCode } from '../admin/errors.js';
export { MAX_PAGE_SIZE } from '../admin/request.js';
export { MAX_IMPORT_BATCH } from './transfer.routes.js';

export function registerDataRoutes(app: FastifyInstance, sources: DataRouteSources): void {
  registerCollectionRoutes(app, sources);
  registerDocRoutes(app, sources);
  registerKvRoutes(app, sources);
  registerTransferRoutes(app, sources);
}

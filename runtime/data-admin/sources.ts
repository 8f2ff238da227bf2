import type { Conn } from '../../sdk/conn.js';
import type { ConnBackend } from '../../sdk/contract/calls.js';
import type { DatastoreService } from '../datastore/index.js';
import { AdminError } from '../admin/errors.js';

/** What the data routes read and write through: the contract's conn first, datastore helpers where it has no call. */
export interface DataRouteSources {
  /** A conn over the data services' backend (sdk/contract/calls.ts): the same calls an app makes. */
  conn: Conn;
  /** The same backend, for reads streamed without collecting them (exports). */
  backend: ConnBackend;
  datastore: Pick<DatastoreService, 'listCollections' | 'collectionNames' | 'kv' | 'validateDocuments' | 'upsertDocuments'>;
  /** Counts work that is not a backend call as in flight, so a snapshot waits for it (services.ts). */
  guard<T>(fn: () => Promise<T>): Promise<T>;
  /** The server clock (TTL left is measured on it). */
  now(): number;
}

/** The name of a collection that exists, or a 404 listing the ones that do. */
export function requireCollection(sources: DataRouteSources, name: string): string {
  const names = sources.datastore.collectionNames();
  if (names.includes(name)) return name;
  const known = names.length ? names.map((n) => `"${n}"`).join(', ') : 'none yet';
  throw new AdminError('LH_ADMIN_UNKNOWN_COLLECTION', `no collection "${name}" (collections: ${known})`);
}

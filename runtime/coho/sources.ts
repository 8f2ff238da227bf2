import type { Conn } from '../../sdk/conn.js';
import type { ConnBackend } from '../../sdk/contract/calls.js';
import type { DatastoreService } from '../datastore/index.js';
import type { LogBuffer } from '../logs/log-buffer.js';

/** What the `_A_D_M_*` endpoints read and write through: the same contract as the admin API. */
export interface CohoSources {
  conn: Conn;
  backend: ConnBackend;
  datastore: Pick<DatastoreService, 'listCollections' | 'collectionNames' | 'kv' | 'upsertDocuments'>;
  guard<T>(fn: () => Promise<T>): Promise<T>;
  logs: LogBuffer;
}

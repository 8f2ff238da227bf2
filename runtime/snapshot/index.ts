/**
 * Snapshots of the whole data folder (`localhooks snapshot save|list|restore|rm`, `/.localhooks/api/snapshots`):
 * the database read at one point in time while the server runs, queues and workflows included, plus the
 * folder's other contents (stored files, LLM recordings); restored in one atomic batch.
 *
 * Consistency: the copy is read through one store iterator (LevelDB gives an iterator a snapshot of the
 * database), opened while no datastore call is in flight, so no multi-step call (an index build, a chunked
 * removeMany) is caught half-way; each document and its index entries are written in one batch anyway.
 */
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { loadQueue, type QueueBroker } from '../queue/index.js';
import type { DataServices } from '../services.js';
import type { Store } from '../storage/index.js';
import { listSnapshots, removeSnapshot, restoreSnapshot, wipe, writeSnapshot, type SnapshotInfo } from './snapshot-files.js';

export { SnapshotError, SNAPSHOT_ERRORS } from './errors.js';
export { checkName, listSnapshots, readSnapshotInfo, removeSnapshot, restoreSnapshot, wipe, writeSnapshot, type SnapshotInfo } from './snapshot-files.js';

export interface SnapshotDeps {
  store: Store;
  dataDir: string;
  /** Where snapshots live (default `<app>/.localhooks/snapshots`). */
  dir: string;
  clock: Clock;
  logger: Logger;
  data: Pick<DataServices, 'exclusive'> & { datastore: { reload(): Promise<void> }; broker: Pick<QueueBroker, 'flush' | 'reload'> };
  /** Stops the work that writes on its own (cron runs, queue deliveries), waiting for what runs; `resume` starts it again. */
  pause(): Promise<void>;
  resume(): void;
}

export interface SnapshotService {
  save(name: string): Promise<SnapshotInfo>;
  list(): Promise<SnapshotInfo[]>;
  restore(name: string): Promise<SnapshotInfo>;
  remove(name: string): Promise<void>;
  /** Empties the data folder: every collection, key, queue item and workflow, and the stored files. */
  reset(): Promise<void>;
}

export function createSnapshotService(deps: SnapshotDeps): SnapshotService {
  const { store, data } = deps;
  /** Replaces the store's contents with the queues and timers idle, then rebuilds what the services hold in memory. */
  const replace = async (write: () => Promise<void>): Promise<void> => {
    await deps.pause();
    try {
      await data.exclusive(async () => {
        // The broker's timers could otherwise write old records over the new data.
        data.broker.reload({ records: [], doneCounts: new Map(), maxSeq: 0 });
        await data.broker.flush();
        await write();
        await data.datastore.reload();
        data.broker.reload(await loadQueue(store));
      });
    } finally {
      deps.resume();
    }
  };
  return {
    async save(name) {
      const entries = await data.exclusive(async () => {
        await data.broker.flush();
        const it = store.entries()[Symbol.asyncIterator]();
        // The first read opens the iterator, and with it the point in time it reads.
        const first = await it.next();
        return withFirst(first, it);
      });
      const info = await writeSnapshot(deps.dir, name, entries, deps.dataDir, deps.clock.now());
      deps.logger.info(`snapshot "${info.name}" saved: ${info.keys} keys`);
      return info;
    },
    list: () => listSnapshots(deps.dir),
    async restore(name) {
      let info: SnapshotInfo | undefined;
      await replace(async () => void (info = await restoreSnapshot(deps.dir, name, store, deps.dataDir)));
      deps.logger.info(`snapshot "${name}" restored: ${info!.keys} keys`);
      return info!;
    },
    remove: (name) => removeSnapshot(deps.dir, name),
    async reset() {
      await replace(() => wipe(store, deps.dataDir));
      deps.logger.info('data reset: every collection, key, queue item and stored file removed');
    },
  };
}

/** The iterator again, with its first result (already read) put back in front. */
function withFirst<T>(first: IteratorResult<T>, rest: AsyncIterator<T>): AsyncIterator<T> {
  let pending: IteratorResult<T> | null = first;
  return {
    next: async () => {
      if (pending) {
        const r = pending;
        pending = null;
        return r;
      }
      return rest.next();
    },
  };
}

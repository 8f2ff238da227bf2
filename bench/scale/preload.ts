import { join } from 'node:path';
import { systemClock } from '../../runtime/clock.js';
import { createDatastore } from '../../runtime/datastore/index.js';
import { createLogger } from '../../runtime/logger.js';
import { openStore } from '../../runtime/storage/index.js';
import { WORKFLOW_SUMMARIES } from '../../runtime/workflow/index.js';

/** Documents per atomic batch while preloading: the import's own write path, without HTTP. */
const CHUNK = 5000;

/**
 * Writes documents `from … to-1` (made by `make`) into `coll` of the data folder `dataDir`, in-process with no
 * server running (the server is stopped between steps of the scale table). `index` fields are created first.
 */
export async function preload(dataDir: string, coll: string, from: number, to: number, make: (i: number) => object, index: string[] = []): Promise<number> {
  const store = await openStore({ backend: 'level', path: join(dataDir, 'db') });
  // With the summaries the server keeps, as if the documents had been written through it.
  const ds = await createDatastore({ store, clock: systemClock, logger: createLogger({ level: 'silent' }), summaries: WORKFLOW_SUMMARIES });
  const t = performance.now();
  try {
    for (const field of index) await ds.call('createIndex', [coll, field]);
    for (let i = from; i < to; i += CHUNK) {
      const docs = [];
      for (let j = i; j < Math.min(to, i + CHUNK); j++) docs.push(make(j));
      await ds.upsertDocuments(coll, docs);
    }
    return performance.now() - t;
  } finally {
    await ds.close();
    await store.close();
  }
}

import type { Clock } from './clock.js';
import { QUEUE_METHODS, type ConnBackend } from './datastore/conn-backend.js';
import { createDatastore } from './datastore/index.js';
import type { Logger } from './logger.js';
import { createQueueBroker, type QueueBroker } from './queue/index.js';
import type { Store } from './storage/index.js';

export type Datastore = Awaited<ReturnType<typeof createDatastore>>;

/**
 * The datastore and the queue broker on one store, and the one `ConnBackend` an app's `conn` talks to:
 * `enqueue`, `enqueueFromQuery` and `runAt` go to the broker, everything else to the datastore.
 */
export async function createDataServices(deps: { store: Store; clock: Clock; logger: Logger }): Promise<{
  datastore: Datastore;
  broker: QueueBroker;
  backend: ConnBackend;
}> {
  const datastore = await createDatastore(deps);
  const broker = await createQueueBroker({ ...deps, query: (coll, filter, opts) => datastore.iterate('getMany', [coll, filter, opts]) });
  const queueMethods = new Set<string>(QUEUE_METHODS);
  const queueApi = broker as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  const backend: ConnBackend = {
    call: (method, args) => (queueMethods.has(method) ? queueApi[method]!(...args) : datastore.call(method, args)),
    iterate: (method, args) => datastore.iterate(method, args),
  };
  return { datastore, broker, backend };
}

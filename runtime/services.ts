import { isServiceMethod, type CallHandlers, type ConnBackend } from '../sdk/contract/calls.js';
import type { Clock } from './clock.js';
import { createDatastore } from './datastore/index.js';
import type { Logger } from './logger.js';
import { createQueueBroker, type QueueBroker } from './queue/index.js';
import type { Store } from './storage/index.js';

export type Datastore = Awaited<ReturnType<typeof createDatastore>>;

/**
 * The datastore and the queue broker on one store, and the one `ConnBackend` an app's `conn` talks to: the
 * contract (sdk/contract/calls.ts) says which service answers each call.
 */
export async function createDataServices(deps: { store: Store; clock: Clock; logger: Logger }): Promise<{
  datastore: Datastore;
  broker: QueueBroker;
  backend: ConnBackend;
}> {
  const datastore = await createDatastore(deps);
  const broker = await createQueueBroker({ ...deps, query: (coll, filter, opts) => datastore.iterate('getMany', [coll, filter, opts]) });
  const queue: CallHandlers<'queue'> = {
    enqueue: (topic, payload, options) => broker.enqueue(topic, payload, options),
    enqueueFromQuery: (coll, query, topic, options) => broker.enqueueFromQuery(coll, query, topic, options),
    runAt: (date, payload, topic) => broker.runAt(date, payload, topic),
  };
  const backend: ConnBackend = {
    call: (method, args) => (isServiceMethod(method, 'queue') ? queue[method](...args) : datastore.call(method, args)),
    iterate: (method, args) => datastore.iterate(method, args),
  };
  return { datastore, broker, backend };
}

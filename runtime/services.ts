import { isServiceMethod, type CallHandlers, type CallMethod, type ConnBackend } from '../sdk/contract/calls.js';
import type { Clock } from './clock.js';
import { createDatastore } from './datastore/index.js';
import type { Logger } from './logger.js';
import { createQueueBroker, type QueueBroker } from './queue/index.js';
import type { Store } from './storage/index.js';

export type Datastore = Awaited<ReturnType<typeof createDatastore>>;

/** Sees every call the services answered, after it succeeded (realtime watches publish inserts this way). */
export type CallObserver = (method: CallMethod, args: readonly unknown[], result: unknown) => void;

/**
 * The datastore and the queue broker on one store, and the one `ConnBackend` an app's `conn` talks to: the
 * contract (sdk/contract/calls.ts) says which service answers each call.
 */
export async function createDataServices(deps: { store: Store; clock: Clock; logger: Logger }): Promise<{
  datastore: Datastore;
  broker: QueueBroker;
  backend: ConnBackend;
  observe(observer: CallObserver): void;
}> {
  const datastore = await createDatastore(deps);
  const broker = await createQueueBroker({ ...deps, query: (coll, filter, opts) => datastore.iterate('getMany', [coll, filter, opts]) });
  const queue: CallHandlers<'queue'> = {
    enqueue: (topic, payload, options) => broker.enqueue(topic, payload, options),
    enqueueFromQuery: (coll, query, topic, options) => broker.enqueueFromQuery(coll, query, topic, options),
    runAt: (date, payload, topic) => broker.runAt(date, payload, topic),
  };
  const observers: CallObserver[] = [];
  const route = (method: CallMethod, args: readonly unknown[]) => (isServiceMethod(method, 'queue') ? queue[method](...args) : datastore.call(method, args));
  const backend: ConnBackend = {
    call(method, args) {
      const p = route(method, args);
      if (observers.length === 0) return p;
      return p.then((result) => {
        // An observer's failure is its own: the app's call already succeeded.
        for (const o of observers) {
          try {
            o(method, args, result);
          } catch (err) {
            deps.logger.warn(`a ${method} observer failed: ${(err as Error).message}`);
          }
        }
        return result;
      });
    },
    iterate: (method, args) => datastore.iterate(method, args),
  };
  return { datastore, broker, backend, observe: (o) => void observers.push(o) };
}

import { isServiceMethod, type CallHandlers, type CallMethod, type ConnBackend } from '../sdk/contract/calls.js';
import type { Clock } from './clock.js';
import { createDatastore } from './datastore/index.js';
import type { KeyLock } from './datastore/key-lock.js';
import type { Logger } from './logger.js';
import { createQueueBroker, type BrokerOptions, type QueueBroker } from './queue/index.js';
import type { Store } from './storage/index.js';
import type { DirectControl } from './storage/direct-control.js';
import { WORKFLOW_SUMMARIES } from './workflow/summary.js';

export type Datastore = Awaited<ReturnType<typeof createDatastore>>;

/** Sees every call the services answered, after it succeeded (realtime watches publish inserts this way). */
export type CallObserver = (method: CallMethod, args: readonly unknown[], result: unknown) => void;

/**
 * The datastore and the queue broker on one store, and the one `ConnBackend` an app's `conn` talks to: the
 * contract (sdk/contract/calls.ts) says which service answers each call.
 */
export interface DataServices {
  datastore: Datastore;
  broker: QueueBroker;
  backend: ConnBackend;
  /**
   * `collections`: the prefixes of the collections (and key-value keys) the observer looks at; calls on others
   * may be answered by a coderunner thread itself, unseen. Without it the observer sees every call.
   */
  observe(observer: CallObserver, collections?: readonly string[]): void;
  /** What observers look at: calls on these prefixes are reported to them; null: every call goes through here. */
  observed(): readonly string[] | null;
  /** Hands observers a call a coderunner answered from the shared store. */
  notify: CallObserver;
  /** Set when coderunner threads share the store (LevelDB): their cells. */
  readonly direct: DirectControl | null;
  /**
   * Runs `fn` with no call of the backend in flight: new calls wait, those already running finish first. A
   * snapshot is read (and a restore written) this way, so no multi-step call (createIndex over existing
   * documents, removeMany in chunks) is caught half-way. `fn` must not call the backend itself.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  /** Runs work that is not a backend call (an import's bulk write) as if it were one, so `exclusive` waits for it. */
  guard<T>(fn: () => Promise<T>): Promise<T>;
}

/** Calls that change a collection's metadata: coderunners sharing the store pause while one runs. */
const META_CALLS = new Set<CallMethod>(['createCollection', 'dropCollection', 'createIndex', 'removeIndex', 'setSchema', 'createSchema', 'removeSchema']);

export async function createDataServices(deps: { store: Store; clock: Clock; logger: Logger; locks?: KeyLock; queueOptions?: BrokerOptions; direct?: DirectControl }): Promise<DataServices> {
  const direct = deps.direct ?? null;
  // Workflow instances carry a summary, so workflow-status never reads every instance (issue 16).
  const datastore = await createDatastore({ ...deps, summaries: WORKFLOW_SUMMARIES, idCells: direct?.cells.ids, onMetaChange: direct ? () => direct.bump() : undefined });
  // Runners that enqueue into the shared store themselves take item numbers from the same sequence.
  const options = direct ? { ...deps.queueOptions, seq: direct.sequence() } : deps.queueOptions;
  const broker = await createQueueBroker({ ...deps, options, query: (coll, filter, opts) => datastore.iterate('getMany', [coll, filter, opts]) });
  const queue: CallHandlers<'queue'> = {
    enqueue: (topic, payload, options) => broker.enqueue(topic, payload, options),
    enqueueFromQuery: (coll, query, topic, options) => broker.enqueueFromQuery(coll, query, topic, options),
    runAt: (date, payload, topic) => broker.runAt(date, payload, topic),
  };
  const observers: CallObserver[] = [];
  let observed: string[] | null = [];
  const route = (method: CallMethod, args: readonly unknown[]) => {
    if (isServiceMethod(method, 'queue')) return queue[method](...args);
    if (direct && META_CALLS.has(method)) return direct.hold(() => datastore.call(method, args));
    return datastore.call(method, args);
  };
  let gate: Promise<void> | null = null;
  let inFlight = 0;
  let drained: (() => void) | null = null;
  const settled = (): void => {
    if (--inFlight === 0) drained?.();
  };
  const guard = <T>(fn: () => Promise<T>): Promise<T> => {
    if (gate) return gate.then(() => guard(fn));
    inFlight++;
    let p: Promise<T>;
    try {
      p = fn();
    } catch (err) {
      p = Promise.reject(err);
    }
    p.then(settled, settled);
    return p;
  };
  const notify: CallObserver = (method, args, result) => {
    // An observer's failure is its own: the app's call already succeeded.
    for (const o of observers) {
      try {
        o(method, args, result);
      } catch (err) {
        deps.logger.warn(`a ${method} observer failed: ${(err as Error).message}`);
      }
    }
  };
  const backend: ConnBackend = {
    call(method, args) {
      const p = guard(() => route(method, args));
      if (observers.length === 0) return p;
      return p.then((result) => {
        notify(method, args, result);
        return result;
      });
    },
    iterate: (method, args) => datastore.iterate(method, args),
  };
  return {
    datastore,
    broker,
    backend,
    observe(o, collections) {
      observers.push(o);
      observed = collections && observed ? [...observed, ...collections] : null;
    },
    observed: () => observed,
    notify,
    direct,
    guard,
    async exclusive(fn) {
      while (gate) await gate;
      let open!: () => void;
      gate = new Promise<void>((r) => (open = r));
      try {
        if (inFlight > 0) await new Promise<void>((r) => (drained = r));
        if (direct) return await direct.hold(fn);
        return await fn();
      } finally {
        drained = null;
        gate = null;
        open();
      }
    },
  };
}

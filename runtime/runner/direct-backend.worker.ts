import { CALLS, STREAMS, type CallMethod, type ConnBackend, type StreamMethod } from '../../sdk/contract/calls.js';
import type { DatastoreService } from '../datastore/index.js';
import { DirectGate, nextSeq, ownerOfSlot } from '../storage/direct-control.js';
import type { QueueRecord } from '../queue/types.js';
import type { Store } from '../storage/index.js';
import type { DirectInit } from './worker-init.js';
import { whenSettled } from '../settle.js';

/** Calls that change a collection's metadata: the main thread makes them (runtime/services.ts holds the gate). */
const META = new Set<string>(['createCollection', 'dropCollection', 'createIndex', 'removeIndex', 'setSchema', 'createSchema', 'removeSchema']);

interface Local {
  ds: DatastoreService;
  store: Store;
  queue: typeof import('./direct-queue.js');
  epoch: number;
  reloading: Promise<void> | null;
}

/** A call's or a stream's entry in the contract's tables (streams only read: no service, no write). */
function specOf(method: string): { service?: string; write?: boolean; collection?: boolean } | undefined {
  if (Object.hasOwn(CALLS, method)) return (CALLS as Record<string, { service?: string; write?: boolean; collection?: boolean }>)[method];
  return Object.hasOwn(STREAMS, method) ? (STREAMS as Record<string, { collection: boolean }>)[method] : undefined;
}

/** How a call is answered: through the main thread, here, or here and then reported to the main thread's observers. */
type Path = 'relay' | 'here' | 'tell';

/**
 * The app's `conn` in a coderunner thread that shares the main thread's LevelDB (issue 16): a call the thread may
 * answer itself goes straight to the store (two thread wakes instead of four), everything else the long way,
 * through the main thread. It answers itself only calls on a collection whose stored metadata it holds, with no
 * cap and no schema (the main thread keeps those counts and validators), and never while the main thread holds
 * the gate (a snapshot, a metadata change). A call on what the main thread's observers watch (realtime's
 * `_event_` collections, workflow instances; every write while the dashboard's live feed is open) is reported to
 * them once answered, without waiting.
 */
export class DirectBackend implements ConnBackend {
  readonly #rpc: ConnBackend;
  readonly #init: DirectInit;
  readonly #gate: DirectGate;
  readonly #tell: (method: CallMethod, args: readonly unknown[], result: unknown) => void;
  readonly #announce: (record: QueueRecord, load: number) => void;
  #observed: readonly string[] | null = null;
  #local: Promise<Local | null> | null = null;
  /** The opened store, once #open has finished. */
  #ready: Local | null = null;
  readonly #leave = (): void => this.#gate.leave();

  constructor(
    rpc: ConnBackend,
    init: DirectInit,
    tell: (method: CallMethod, args: readonly unknown[], result: unknown) => void,
    announce: (record: QueueRecord, load: number) => void,
  ) {
    this.#rpc = rpc;
    this.#init = init;
    this.#tell = tell;
    this.#announce = announce;
    this.#gate = new DirectGate(init.cells, init.slot);
  }

  /** Set at each load: what the main thread's observers must see. */
  configure(observed: readonly string[] | null): void {
    this.#observed = observed;
  }

  call(method: CallMethod, args: readonly unknown[]): Promise<unknown> {
    if (method === 'enqueue' && this.#observed !== null) return this.#enqueueHere(args);
    const path = this.#path(method, args);
    if (path === 'relay') return this.#rpc.call(method, args);
    return this.#quick(method, args, path === 'tell') ?? this.#callHere(method, args, path === 'tell');
  }

  /**
   * The same as #callHere once the store is open and the metadata current, without its promise hops: the
   * datastore's own promise is returned, and the gate is left when it settles. Undefined: take the long way.
   */
  #quick(method: CallMethod, args: readonly unknown[], tell: boolean): Promise<unknown> | undefined {
    const local = this.#ready;
    if (!local || !this.#gate.enter()) return undefined;
    // The epoch is read inside the gate: a metadata change happens only while the gate is held.
    if (local.epoch !== this.#gate.epoch()) {
      this.#gate.leave();
      return undefined;
    }
    if (!this.#fitsNow(local, method, args)) {
      // Relayed only after leaving the gate, as in #callHere.
      this.#gate.leave();
      return this.#rpc.call(method, args);
    }
    // As in #callHere, observers are told before the gate is left.
    const call = tell
      ? () =>
          local.ds.call(method, args).then((result) => {
            this.#tell(method, args, result);
            return result;
          })
      : () => local.ds.call(method, args);
    return whenSettled(call, this.#leave);
  }

  iterate(method: StreamMethod, args: readonly unknown[]): AsyncIterable<unknown> {
    // Streams only read; observers look at writes.
    if (this.#path(method, args) === 'relay') return this.#rpc.iterate(method, args);
    return this.#iterateHere(method, args);
  }

  #path(method: string, args: readonly unknown[]): Path {
    const spec = specOf(method);
    if (!spec || spec.service === 'queue' || META.has(method) || this.#observed === null) return 'relay';
    const target = args[0];
    if (typeof target !== 'string') return 'relay';
    if (spec.write && this.#gate.watched()) return 'tell';
    for (const p of this.#observed) if (target.startsWith(p)) return 'tell';
    return 'here';
  }

  /**
   * `tell`: report the answer to the main thread's observers (a call relayed instead is seen there anyway). A call
   * is relayed only after leaving the gate: the main thread may be holding it and waiting for this thread.
   */
  async #callHere(method: CallMethod, args: readonly unknown[], tell: boolean): Promise<unknown> {
    const local = await this.#open();
    if (local && this.#gate.enter()) {
      try {
        if (await this.#fits(local, method, args)) {
          const result = await local.ds.call(method, args);
          if (tell) this.#tell(method, args, result);
          return result;
        }
      } finally {
        this.#gate.leave();
      }
    }
    return this.#rpc.call(method, args);
  }

  /**
   * Writes the item into the queue's key space itself and tells the main thread's broker, which delivers it. An
   * item the broker will not take (a bad topic, a payload that is no JSON) goes the long way for its error.
   */
  async #enqueueHere(args: readonly unknown[]): Promise<unknown> {
    const local = await this.#open();
    if (local && this.#gate.enter()) {
      try {
        const load = this.#gate.queueLoad();
        const record = local.queue.newItem(args[0], args[1], nextSeq(this.#init.cells), Date.now());
        if (record) {
          await local.store.batch([local.queue.putItem(record)]);
          this.#announce(record, load);
          return local.queue.toEnqueueResult(record);
        }
      } finally {
        this.#gate.leave();
      }
    }
    return this.#rpc.call('enqueue', args);
  }

  async *#iterateHere(method: StreamMethod, args: readonly unknown[]): AsyncIterable<unknown> {
    const local = await this.#open();
    let here = false;
    if (local && this.#gate.enter()) {
      try {
        here = await this.#fits(local, method, args);
      } finally {
        this.#gate.leave();
      }
    }
    if (!here) return yield* this.#rpc.iterate(method, args);
    const it = local!.ds.iterate(method, args)[Symbol.asyncIterator]();
    try {
      for (;;) {
        // Each read waits while the main thread holds the gate; an open stream keeps reading its own snapshot.
        await this.#gate.enterWhenOpen();
        let r: IteratorResult<unknown>;
        try {
          r = await it.next();
        } finally {
          this.#gate.leave();
        }
        if (r.done) return;
        yield r.value;
      }
    } finally {
      await it.return?.();
    }
  }

  /** Inside the gate: metadata is current, and the call's collection is one this thread may write. */
  async #fits(local: Local, method: string, args: readonly unknown[]): Promise<boolean> {
    const epoch = this.#gate.epoch();
    if (epoch !== local.epoch) {
      local.reloading ??= local.ds.reload().then(() => {
        local.epoch = epoch;
        local.reloading = null;
      });
      await local.reloading;
    }
    return this.#fitsNow(local, method, args);
  }

  /** The call's collection is one this thread may write (no cap, no schema); metadata must be current. */
  #fitsNow(local: Local, method: string, args: readonly unknown[]): boolean {
    if (!specOf(method)?.collection) return true;
    const meta = local.ds.storedCollection(args[0] as string);
    return meta !== undefined && meta.cap === undefined && meta.schema === undefined;
  }

  /** Opens the shared store on the first call; a thread that cannot keeps asking the main thread. */
  #open(): Promise<Local | null> {
    this.#local ??= (async () => {
      try {
        const [{ openStore }, { createDatastore }, { SharedKeyLock }, { WORKFLOW_SUMMARIES }, { systemClock }, queue] = await Promise.all([
          import('../storage/index.js'),
          import('../datastore/index.js'),
          import('../datastore/shared-key-lock.js'),
          import('../workflow/summary.js'),
          import('../clock.js'),
          import('./direct-queue.js'),
        ]);
        const store = await openStore({ backend: 'level', path: this.#init.path, syncReads: true });
        const epoch = this.#gate.epoch();
        const ds = await createDatastore({
          store,
          // The app's Date follows the runtime's clock in this thread (sdk/app-clock.worker.ts).
          clock: systemClock,
          locks: new SharedKeyLock(this.#init.cells.stripes, ownerOfSlot(this.#init.slot)),
          summaries: WORKFLOW_SUMMARIES,
          idCells: this.#init.cells.ids,
          sweep: false,
        });
        this.#ready = { ds, store, queue, epoch, reloading: null };
        return this.#ready;
      } catch (err) {
        console.warn(`localhooks: datastore calls go through the main thread (${(err as Error).message})`);
        return null;
      }
    })();
    return this.#local;
  }
}

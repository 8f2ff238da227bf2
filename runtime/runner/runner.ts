import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { CallMethod, ConnBackend } from '../../sdk/contract/calls.js';
import type { Logger } from '../logger.js';
import { deserializeError, encodeRequest, type FlatHeaders, type FromWorker, type GatewayRequest, type ManifestSummary, type SerializedError, type ToWorker } from './protocol.js';
import { RpcServer } from './rpc-server.js';
import { Batcher, isBatch } from './batcher.js';
import { InflightTable } from './inflight.js';
import type { DirectInit, WorkerInit } from './worker-init.js';
import type { DirectControl } from '../storage/direct-control.js';
import type { QueueRecord } from '../queue/types.js';

/** The store a runner may answer the app's datastore calls from itself (a LevelDB shared with this thread). */
export interface DirectStore {
  control: DirectControl;
  path: string;
  /** Prefixes the main thread's observers must see (runtime/services.ts `observed`), read at each load. */
  observed(): readonly string[] | null;
  /** A call the runner answered itself that observers must see. */
  notify(method: CallMethod, args: readonly unknown[], result: unknown): void;
  /** A queue item the runner wrote itself, for the broker to deliver. */
  enqueued(record: QueueRecord, load: number): void;
}

export interface ResponseHandlers {
  /** `headers` belong to the handler from here on (it adds its own fields to them). */
  whole(status: number, headers: FlatHeaders, body: Uint8Array): void;
  head(status: number, headers: FlatHeaders): void;
  chunk(chunk: Uint8Array): void;
  end(): void;
  /** The worker cut a started answer off (a file shrank under its promised length). */
  abort(reason: string): void;
  /**
   * The runner died while this request was in flight. `neverStarted`: the thread had not begun handling it
   * (it was queued behind a handler that blocked the thread), so it is safe to send again.
   */
  lost(reason: string, neverStarted: boolean): void;
}

export class LoadError extends Error {
  constructor(readonly kind: string, readonly detail: SerializedError) {
    super(detail.message);
    this.name = 'LoadError';
    if (detail.stack) this.stack = detail.stack;
  }
}

const WORKER_URL = new URL('./entry.worker.js', import.meta.url);
/**
 * V8 reserves 16 MB for an idle thread's short-lived objects while it uses a fraction of one; capped here, an idle
 * server holds 2–5 MB less (issue 16, idle RSS), and a busy app's collections of young objects stay cheap.
 */
const RUNNER_YOUNG_GENERATION_MB = 6;

/** One worker thread running one generation of the app bundle. Emits `exit` when the thread ends. */
export class Runner extends EventEmitter {
  generation = 0;
  manifest: ManifestSummary | null = null;
  readonly #worker: Worker;
  readonly #rpc: RpcServer;
  readonly #logger: Logger;
  // Not Maps: see inflight.ts (a Map with this churn had every request in flight promoted to the old generation).
  readonly #requests = new InflightTable<ResponseHandlers>();
  readonly #calls = new InflightTable<{ resolve(): void; reject(e: Error): void }>();
  readonly #pings = new Map<number, () => void>();
  #seq = 0;
  #exited = false;
  #booted = false;
  /** The id of the last request the thread began handling, written by the worker (no message needed). */
  readonly #progress: Int32Array;
  readonly #outbox: Batcher<ToWorker>;
  #stopping = false;
  #loaded?: { resolve(m: ManifestSummary): void; reject(e: Error): void };
  #started?: (err?: SerializedError) => void;

  /** The environment the thread was booted with: a spare is only used while it still matches. */
  readonly envKey: string;

  readonly #direct: { store: DirectStore; slot: number } | null;

  constructor(init: WorkerInit, env: Record<string, string>, backend: ConnBackend, logger: Logger, direct?: DirectStore) {
    super();
    this.envKey = JSON.stringify(env);
    this.#logger = logger;
    const progress = new SharedArrayBuffer(4);
    this.#progress = new Int32Array(progress);
    const slot = direct?.control.takeSlot() ?? null;
    this.#direct = direct && slot !== null ? { store: direct, slot } : null;
    const directInit: DirectInit | undefined = this.#direct ? { path: direct!.path, cells: direct!.control.cells, slot: this.#direct.slot } : undefined;
    this.#worker = new Worker(WORKER_URL, { workerData: { ...init, progress, direct: directInit }, env, stdout: false, stderr: false, resourceLimits: { maxYoungGenerationSizeMb: RUNNER_YOUNG_GENERATION_MB } });
    this.#rpc = new RpcServer(backend, (m) => this.#post(m));
    this.#outbox = new Batcher<ToWorker>(
      (m) => this.#worker.postMessage(m),
      (m, err) => this.#logger.error(`could not send a ${Array.isArray(m) ? 'request' : m.type} message to the coderunner: ${(err as Error).message}`),
    );
    this.#worker.on('message', (m: FromWorker | { type: 'batch'; msgs: FromWorker[] }) => {
      if (isBatch(m)) for (const x of m.msgs) this.#onMessage(x);
      else this.#onMessage(m);
    });
    this.#worker.on('error', (err: Error) => this.#logger.error(`coderunner thread error: ${err.stack ?? err.message}`));
    this.#worker.on('exit', (code) => this.#onExit(code));
  }

  /** Resolves when the thread has installed its globals and preloaded the SDK's dependencies. */
  booted(): Promise<void> {
    if (this.#booted || this.#exited) return Promise.resolve();
    return new Promise((r) => {
      this.once('booted', r);
      this.once('exit', r);
    });
  }

  get exited(): boolean {
    return this.#exited;
  }

  /** Datastore and queue calls the main thread answered for this thread so far. */
  get relayedCalls(): number {
    return this.#rpc.handled;
  }

  get inflight(): number {
    return this.#requests.size + this.#calls.size;
  }

  /** Evaluates a bundle in this thread; resolves with its manifest, rejects with a LoadError otherwise. */
  load(bundlePath: string, generation: number): Promise<ManifestSummary> {
    this.generation = generation;
    const p = new Promise<ManifestSummary>((resolve, reject) => (this.#loaded = { resolve, reject }));
    this.#post({ type: 'load', bundlePath, observed: this.#direct?.store.observed() ?? null });
    return p;
  }

  /** Runs the app's startup hook; resolves whether it succeeded or not (failures are logged, CONTRACT-14). */
  startup(): Promise<SerializedError | undefined> {
    return new Promise((resolve) => {
      this.#started = resolve;
      this.#post({ type: 'startup' });
    });
  }

  /** `bodyIsJson`: `req.body` was parsed from `req.rawBody` as JSON (the coderunner parses it again). */
  request(req: GatewayRequest, handlers: ResponseHandlers, bodyIsJson = false): number {
    const id = ++this.#seq;
    this.#requests.set(id, handlers);
    this.#post([id, encodeRequest(req, bodyIsJson)]);
    return id;
  }

  /** The socket took `bytes` of a streamed answer: the worker may send that much more. */
  ack(id: number, bytes: number): void {
    this.#post({ type: 'response-ack', id, bytes });
  }

  /** Stops caring about a request (timed out); the worker is told so it does not log the late answer. */
  forget(id: number): void {
    if (this.#requests.delete(id)) this.#post({ type: 'abort', id });
    this.#maybeDrained();
  }

  callQueue(topic: string, payload: unknown): Promise<void> {
    return this.#call({ type: 'queue-call', topic, payload });
  }

  callJob(expr: string): Promise<void> {
    return this.#call({ type: 'job-call', expr });
  }

  /** True when the thread answers within `ms`; false means its event loop is blocked (sync infinite loop). */
  ping(ms: number): Promise<boolean> {
    if (this.#exited) return Promise.resolve(false);
    const id = ++this.#seq;
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.#pings.delete(id);
        resolve(false);
      }, ms);
      this.#pings.set(id, () => {
        clearTimeout(t);
        resolve(true);
      });
      this.#post({ type: 'ping', id });
    });
  }

  /** Resolves when no request or call is in flight. */
  drained(): Promise<void> {
    if (this.inflight === 0) return Promise.resolve();
    return new Promise((r) => this.once('drained', r));
  }

  async terminate(): Promise<void> {
    this.#stopping = true;
    if (!this.#exited) await this.#worker.terminate();
  }

  #call(msg: { type: 'queue-call'; topic: string; payload: unknown } | { type: 'job-call'; expr: string }): Promise<void> {
    if (this.#exited) return Promise.reject(new Error('coderunner has stopped'));
    const id = ++this.#seq;
    return new Promise<void>((resolve, reject) => {
      this.#calls.set(id, { resolve, reject });
      this.#post({ ...msg, id });
    });
  }

  #post(msg: ToWorker): void {
    if (this.#exited) return;
    this.#outbox.push(msg);
  }

  #onMessage(m: FromWorker): void {
    if (Array.isArray(m)) {
      const h = this.#requests.take(m[0]);
      h?.whole(m[1], m[2], m[3]);
      return this.#maybeDrained();
    }
    switch (m.type) {
      case 'rpc':
        return this.#rpc.handle(m);
      case 'observed':
        return this.#direct?.store.notify(m.method, m.args, m.result);
      case 'enqueued':
        return this.#direct?.store.enqueued(m.record, m.load);
      case 'log':
        return this.#logger[m.level](m.text);
      case 'response-head':
        return this.#requests.get(m.id)?.head(m.status, m.headers);
      case 'response-chunk':
        return this.#requests.get(m.id)?.chunk(m.chunk);
      case 'response-end': {
        const h = this.#requests.take(m.id);
        h?.end();
        return this.#maybeDrained();
      }
      case 'response-abort': {
        const h = this.#requests.take(m.id);
        h?.abort(m.reason);
        return this.#maybeDrained();
      }
      case 'call-done': {
        const c = this.#calls.take(m.id);
        if (m.error) c?.reject(deserializeError(m.error));
        else c?.resolve();
        return this.#maybeDrained();
      }
      case 'pong':
        this.#pings.get(m.id)?.();
        this.#pings.delete(m.id);
        return;
      case 'booted':
        this.#booted = true;
        return void this.emit('booted');
      case 'loaded':
        this.manifest = m.manifest;
        return this.#loaded?.resolve(m.manifest);
      case 'load-error':
        return this.#loaded?.reject(new LoadError(m.kind, m.error));
      case 'started':
        return this.#started?.(m.error);
    }
  }

  #maybeDrained(): void {
    if (this.inflight === 0) this.emit('drained');
  }

  #onExit(code: number): void {
    this.#exited = true;
    // Locks or a call count the thread left behind are let go, so the main thread never waits for it.
    if (this.#direct) this.#direct.store.control.freeSlot(this.#direct.slot);
    this.#rpc.closeAll();
    // The host starts a replacement first, so requests sent again below wait for it instead of failing.
    this.emit('exit', { code, expected: this.#stopping });
    const reason = this.#stopping ? 'coderunner stopped' : `coderunner thread exited (code ${code})`;
    const started = Atomics.load(this.#progress, 0);
    for (const [id, h] of this.#requests.entries()) h.lost(reason, id > started);
    this.#requests.clear();
    for (const [, c] of this.#calls.entries()) c.reject(new Error(reason));
    this.#calls.clear();
    this.#loaded?.reject(new LoadError('exit', { name: 'Error', message: reason }));
    this.#started?.({ name: 'Error', message: reason });
    this.emit('drained');
  }
}

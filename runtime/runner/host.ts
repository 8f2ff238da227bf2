import { EventEmitter } from 'node:events';
import type { ConnBackend } from '../../sdk/contract/calls.js';
import type { Logger } from '../logger.js';
import { LoadError, Runner, type DirectStore } from './runner.js';
import type { ManifestSummary } from './protocol.js';
import type { WorkerInit } from './worker-init.js';

export interface HostOptions {
  init(): WorkerInit;
  /**
   * Keep a booted thread ready so a reload only has to evaluate the new bundle. It is booted when a change is
   * seen (`prewarm`) and after each reload, and let go after `spareIdleMs` without one, so an idle server holds
   * one generation only.
   */
  warmSpare?: boolean;
  /** How long a spare is kept after the last reload or change. Default 5 minutes. */
  spareIdleMs?: number;
  env(): Record<string, string>;
  backend: ConnBackend;
  /** Runners answer the app's datastore calls from this shared store themselves where they may. */
  direct?: DirectStore;
  logger: Logger;
  /** Stop the old generation's queue workers and cron jobs before the new one starts. */
  beforeStart?(): Promise<void>;
  /** Hand queue workers and cron jobs to the generation now serving. */
  afterSwap?(runner: Runner): void;
}

/** How long a runner may take to answer a ping after a timed-out request before it is called stuck. */
const STUCK_PING_MS = 1000;
const SPARE_IDLE_MS = 5 * 60_000;

/**
 * Keeps one serving generation of the app. A deploy starts the new generation beside the old one, switches new
 * work to it once its startup hook ran, lets the old one finish in-flight work, then ends it. A runner that
 * crashes or hangs is replaced from the same bundle; requests wait for the replacement instead of failing.
 */
export class RunnerHost extends EventEmitter {
  readonly #opts: HostOptions;
  #current: Runner | null = null;
  #spare: Runner | null = null;
  #bundlePath: string | null = null;
  #generation = 0;
  #lock: Promise<unknown> = Promise.resolve();
  #replacing: Promise<unknown> | null = null;
  #closed = false;
  #spareTimer: NodeJS.Timeout | null = null;
  lastError: Error | null = null;

  constructor(opts: HostOptions) {
    super();
    this.#opts = opts;
  }

  get current(): Runner | null {
    return this.#current;
  }

  /** Whether a booted thread waits for the next deploy (the second generation held in memory). */
  get hasSpare(): boolean {
    return this.#spare !== null && !this.#spare.exited;
  }

  get generation(): number {
    return this.#current?.generation ?? 0;
  }

  /** The runner to send new work to; waits while a crashed runner is being replaced. */
  async acquire(): Promise<Runner | null> {
    if (this.#replacing) await this.#replacing.catch(() => {});
    return this.#current && !this.#current.exited ? this.#current : null;
  }

  deploy(bundlePath: string): Promise<ManifestSummary> {
    const run = this.#lock.then(() => this.#deploy(bundlePath));
    this.#lock = run.catch(() => {});
    return run;
  }

  /** Restarts the serving bundle in a fresh thread (new `.env`, or after a crash). */
  restart(): Promise<ManifestSummary> {
    if (!this.#bundlePath) return Promise.reject(new Error('no app is loaded'));
    return this.deploy(this.#bundlePath);
  }

  /** Called when work timed out: a runner whose event loop is blocked is replaced. Resolves true if it was. */
  async checkHealth(runner: Runner): Promise<boolean> {
    if (runner !== this.#current || runner.exited) return false;
    if (await runner.ping(STUCK_PING_MS)) return false;
    this.#opts.logger.error('The coderunner is not responding (a handler blocks the event loop?): starting a fresh one');
    // Replacement first: requests queued behind the blocked handler are sent again to the new runner.
    this.#replace(runner);
    await runner.terminate();
    return true;
  }

  /**
   * Boots a thread ahead of the next deploy (at start, or when a file changed): its boot overlaps the build.
   * Only with `warmSpare`, or for the first deploy.
   */
  prewarm(): void {
    if (this.#closed || (!this.#opts.warmSpare && this.#current)) return;
    this.#prepareSpare();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#spareTimer) clearTimeout(this.#spareTimer);
    await this.#lock;
    await this.#spare?.terminate();
    this.#spare = null;
    const cur = this.#current;
    this.#current = null;
    await cur?.terminate();
  }

  async #deploy(bundlePath: string): Promise<ManifestSummary> {
    if (this.#closed) throw new Error('localhooks is shutting down');
    const gen = ++this.#generation;
    const t0 = performance.now();
    const next = this.#takeSpare() ?? this.#boot();
    let manifest: ManifestSummary;
    try {
      manifest = await next.load(bundlePath, gen);
    } catch (err) {
      await next.terminate();
      this.lastError = err as Error;
      throw err instanceof LoadError ? err : new LoadError('throw', { name: 'Error', message: String(err) });
    }
    const t1 = performance.now();
    await this.#opts.beforeStart?.();
    const startupError = await next.startup();
    this.#opts.logger.debug(`generation ${gen}: loaded in ${Math.round(t1 - t0)} ms, started in ${Math.round(performance.now() - t1)} ms`);
    const old = this.#current;
    this.#current = next;
    this.#bundlePath = bundlePath;
    this.lastError = null;
    next.on('exit', ({ expected }: { expected: boolean }) => {
      if (!expected && this.#current === next) {
        this.#opts.logger.error(`The coderunner (generation ${gen}) exited unexpectedly: starting a fresh one`);
        this.#replace(next);
      }
    });
    this.#opts.afterSwap?.(next);
    if (old && !old.exited) void old.drained().then(() => old.terminate());
    if (this.#opts.warmSpare && gen > 1) this.#prepareSpare();
    this.emit('deployed', { generation: gen, manifest, startupError });
    return manifest;
  }

  /** Resolves when the spare thread (if one is kept) has booted: the next reload will be quick. */
  async spareReady(): Promise<void> {
    await this.#lock;
    await this.#spare?.booted();
  }

  #boot(): Runner {
    return new Runner(this.#opts.init(), this.#opts.env(), this.#opts.backend, this.#opts.logger, this.#opts.direct);
  }

  #prepareSpare(): void {
    if (this.#closed) return;
    if (!this.#spare || this.#spare.exited) this.#spare = this.#boot();
    // Held only while reloads are likely: an idle server keeps one generation in memory.
    if (this.#spareTimer) clearTimeout(this.#spareTimer);
    this.#spareTimer = setTimeout(() => {
      this.#spareTimer = null;
      const spare = this.#spare;
      this.#spare = null;
      void spare?.terminate();
    }, this.#opts.spareIdleMs ?? SPARE_IDLE_MS);
    this.#spareTimer.unref();
  }

  /** The spare, if its thread is alive and was booted with today's environment (`.env` may have changed). */
  #takeSpare(): Runner | null {
    const spare = this.#spare;
    this.#spare = null;
    if (!spare) return null;
    if (!spare.exited && spare.envKey === JSON.stringify(this.#opts.env())) return spare;
    void spare.terminate();
    return null;
  }

  #replace(dead: Runner): void {
    if (this.#closed || this.#current !== dead || !this.#bundlePath) return;
    const p: Promise<unknown> = this.deploy(this.#bundlePath)
      .catch((err) => this.#opts.logger.error(`Could not restart the app: ${(err as Error).message}`))
      .finally(() => {
        if (this.#replacing === p) this.#replacing = null;
      });
    this.#replacing = p;
  }
}

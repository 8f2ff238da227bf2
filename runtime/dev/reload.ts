import { EventEmitter } from 'node:events';
import { stat } from 'node:fs/promises';
import type { AppCompiler, BuildResult } from '../compiler/index.js';
import type { Logger } from '../logger.js';
import type { RunnerHost } from '../runner/host.js';
import type { ChangeKind } from './watcher.js';

/** Saves closer together than this are one burst: one rebuild. */
const DEBOUNCE_MS = 25;
/** The watcher drops a second change to one file within 50 ms; look again once that window has passed. */
const RECHECK_MS = 80;

export interface ReloadEvents {
  reloaded: { generation: number; ms: number; buildMs: number };
  'build-error': { message: string };
}

/**
 * watcher → build → runner swap. Changes during a build mark it stale: its output is dropped and the newest
 * sources are built instead. A failed build leaves the serving generation alone.
 */
export class ReloadPipeline extends EventEmitter {
  readonly #compiler: AppCompiler;
  readonly #host: RunnerHost;
  readonly #logger: Logger;
  readonly #reloadEnv: () => Promise<void>;
  readonly #onBuilt: (r: Extract<BuildResult, { ok: true }>) => void;
  #timer: NodeJS.Timeout | null = null;
  #recheck: NodeJS.Timeout | null = null;
  #closed = false;
  #dirty = false;
  #envDirty = false;
  #running: Promise<void> | null = null;
  #firstChangeAt = 0;
  /** Files the app is built from, plus every path a change event named. */
  #touched = new Set<string>();
  lastBuildError: string | null = null;

  constructor(opts: {
    compiler: AppCompiler;
    host: RunnerHost;
    logger: Logger;
    reloadEnv(): Promise<void>;
    onBuilt(r: Extract<BuildResult, { ok: true }>): void;
  }) {
    super();
    this.#compiler = opts.compiler;
    this.#host = opts.host;
    this.#logger = opts.logger;
    this.#reloadEnv = opts.reloadEnv;
    this.#onBuilt = opts.onBuilt;
  }

  trigger(kind: ChangeKind, path?: string): void {
    if (this.#closed) return;
    if (path) this.#touched.add(path);
    if (!this.#dirty) this.#firstChangeAt = performance.now();
    this.#dirty = true;
    if (kind === 'env') this.#envDirty = true;
    // A thread boots while the build runs (none is kept booted on an idle server).
    else this.#host.prewarm();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#kick();
    }, DEBOUNCE_MS);
  }

  /** Resolves when no build, swap or follow-up look at the files is pending. */
  async idle(): Promise<void> {
    while (this.#running || this.#timer || this.#recheck) await (this.#running ?? new Promise((r) => setTimeout(r, DEBOUNCE_MS)));
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#recheck) clearTimeout(this.#recheck);
    this.#timer = this.#recheck = null;
  }

  #scheduleRecheck(buildStart: number): void {
    if (this.#recheck) clearTimeout(this.#recheck);
    this.#recheck = setTimeout(() => {
      this.#recheck = null;
      void this.#changedSince(buildStart).then((changed) => {
        if (changed && !this.#dirty && !this.#closed) this.trigger('source');
      });
    }, RECHECK_MS);
    this.#recheck.unref();
  }

  async #changedSince(time: number): Promise<boolean> {
    const stats = await Promise.all([...this.#touched].map((p) => stat(p).catch(() => null)));
    // mtime can trail the wall clock by a few ms on some filesystems; err on the side of rebuilding.
    return stats.some((s) => s !== null && s.mtimeMs >= time - 5);
  }

  #kick(): Promise<void> {
    this.#running ??= this.#loop().finally(() => (this.#running = null));
    return this.#running;
  }

  async #loop(): Promise<void> {
    while (this.#dirty) {
      this.#dirty = false;
      const started = this.#firstChangeAt;
      if (this.#envDirty) {
        this.#envDirty = false;
        await this.#reloadEnv();
      }
      const buildStart = Date.now();
      const result = await this.#compiler.build();
      if (result.ok) for (const p of result.inputs) this.#touched.add(p);
      // A save made during the build may bring no event (see RECHECK_MS): look at the files themselves.
      if (!this.#dirty && (await this.#changedSince(buildStart))) this.#dirty = true;
      this.#scheduleRecheck(buildStart);
      if (this.#dirty) continue; // stale: newer saves arrived while building
      if (!result.ok) {
        this.lastBuildError = result.message;
        this.#logger.error(`Build failed — still serving the previous version:\n${result.message}`);
        this.emit('build-error', { message: result.message });
        continue;
      }
      this.#onBuilt(result);
      try {
        await this.#host.deploy(result.bundlePath);
      } catch (err) {
        this.lastBuildError = (err as Error).stack ?? (err as Error).message;
        this.#logger.error(`The new version failed to load — still serving the previous one:\n${this.lastBuildError}`);
        this.emit('build-error', { message: (err as Error).message });
        continue;
      }
      this.lastBuildError = null;
      const ms = performance.now() - started;
      this.#logger.info(`reloaded in ${Math.round(ms)} ms (build ${Math.round(result.ms)} ms, generation ${this.#host.generation})`);
      this.emit('reloaded', { generation: this.#host.generation, ms, buildMs: result.ms });
    }
  }
}

import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { findEntry } from './entry.js';
import { resolvePlugin, type ResolveState, type SdkInfo } from './resolve-plugin.js';
import { SdkBundles } from './sdk-bundle.js';

export { findEntry } from './entry.js';
export { sdkDependencies } from './resolve-plugin.js';
export type { SdkInfo } from './resolve-plugin.js';

export type BuildResult =
  | { ok: true; bundlePath: string; ms: number; inputs: string[]; sdk: SdkInfo | null; warnings: string[] }
  | { ok: false; ms: number; message: string };

/** The official compiler inlines these as strings; apps import templates and pages this way. */
const TEXT_LOADERS: Record<string, esbuild.Loader> = { '.txt': 'text', '.html': 'text', '.htm': 'text', '.css': 'text', '.hbs': 'text' };

/** Earlier bundles kept on disk: the serving generation's and the one before it (still draining). */
const KEEP_BUILDS = 2;

/**
 * Bundles the app (TypeScript or JavaScript, ESM or CJS) into one ESM file with a source map, incrementally.
 * Each build goes to its own folder so a generation that is still running never sees its file change.
 */
export class AppCompiler {
  readonly appDir: string;
  readonly outDir: string;
  readonly entry: string;
  readonly #sdk: SdkBundles;
  readonly #state: ResolveState;
  #ctx: esbuild.BuildContext<{ write: false; metafile: true }> | null = null;
  #seq = 0;

  constructor(appDir: string, outDir: string) {
    this.appDir = resolve(appDir);
    this.outDir = resolve(outDir);
    this.entry = findEntry(this.appDir);
    this.#sdk = new SdkBundles(this.outDir);
    this.#state = { sdk: null, sdkBundle: (entry) => this.#sdk.get(entry) };
  }

  /** Files a runner may load ahead of the app's bundle (the SDK bundle of an earlier run, if any). */
  preloads(): string[] {
    return this.#sdk.existing(this.appDir);
  }

  async build(): Promise<BuildResult> {
    const started = performance.now();
    this.#ctx ??= await esbuild.context({
      entryPoints: [this.entry],
      absWorkingDir: this.appDir,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // Builds are written to outDir/b<N>/; the map's relative source paths must be computed from that depth.
      outfile: join(this.outDir, 'b0', 'app.mjs'),
      write: false,
      metafile: true,
      sourcemap: 'linked',
      // Node maps stack positions from the map; it never reads embedded sources.
      sourcesContent: false,
      keepNames: true,
      logLevel: 'silent',
      loader: TEXT_LOADERS,
      plugins: [resolvePlugin(this.#state)],
    });
    this.#state.sdk = null;
    let result: esbuild.BuildResult<{ write: false; metafile: true }>;
    try {
      result = await this.#ctx.rebuild();
    } catch (err) {
      const failure = err as esbuild.BuildFailure;
      const ms = performance.now() - started;
      if (!Array.isArray(failure.errors)) return { ok: false, ms, message: String(err) };
      const text = await esbuild.formatMessages(failure.errors.map(explainMissingPackage), { kind: 'error', color: false });
      return { ok: false, ms, message: text.join('\n').trim() };
    }
    const dir = join(this.outDir, `b${++this.#seq}`);
    await mkdir(dir, { recursive: true });
    for (const f of result.outputFiles) await writeFile(join(dir, basename(f.path)), f.contents);
    await this.#prune();
    const inputs = Object.keys(result.metafile.inputs)
      .filter((p) => !p.includes('node_modules') && !p.includes(':'))
      .map((p) => resolve(this.appDir, p));
    const warnings = result.warnings.length ? await esbuild.formatMessages(result.warnings, { kind: 'warning', color: false }) : [];
    return { ok: true, bundlePath: join(dir, 'app.mjs'), ms: performance.now() - started, inputs, sdk: this.#state.sdk, warnings };
  }

  /** Files outside the app folder that the bundle reads (`../datamodel.json`): the watcher adds them. */
  outsideInputs(inputs: string[]): string[] {
    return inputs.filter((p) => relative(this.appDir, p).startsWith('..'));
  }

  async dispose(): Promise<void> {
    await this.#ctx?.dispose();
    this.#ctx = null;
  }

  async #prune(): Promise<void> {
    const dirs = (await readdir(this.outDir)).filter((d) => /^b\d+$/.test(d)).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
    const current = `b${this.#seq}`;
    const stale = dirs.filter((d) => d !== current).slice(0, -(KEEP_BUILDS - 1) || undefined);
    await Promise.all(stale.map((d) => rm(join(this.outDir, d), { recursive: true, force: true })));
  }
}

/** esbuild says "Could not resolve"; say which package to install. */
function explainMissingPackage(msg: esbuild.Message): esbuild.PartialMessage {
  const m = /^Could not resolve "([^"]+)"/.exec(msg.text);
  if (!m || m[1]!.startsWith('.') || m[1]!.startsWith('/')) return msg;
  const spec = m[1]!;
  const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
  return { ...msg, text: `Cannot find package "${name}" imported by the app — run: npm install ${name}`, notes: [] };
}

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { OWN_ROOT, resolvePlugin } from './resolve-plugin.js';

/**
 * The SDK (codehooks-js) bundled once per server run, apart from the app: an app's bundle imports it by path,
 * so a save re-links and the runner evaluates the app's own code only, and a runner thread waiting as the
 * spare has loaded the SDK before the save. Each generation runs in a fresh thread, so each still gets its
 * own SDK state (`app`, workflow registrations).
 */
export class SdkBundles {
  readonly #outDir: string;
  readonly #built = new Map<string, Promise<string>>();

  constructor(outDir: string) {
    this.#outDir = outDir;
  }

  /** The bundle of the SDK whose entry file is `entry`, built on first use. */
  get(entry: string): Promise<string> {
    let p = this.#built.get(entry);
    if (!p) {
      p = this.#build(entry);
      this.#built.set(entry, p);
      p.catch(() => this.#built.delete(entry));
    }
    return p;
  }

  /** The bundle a runner may preload for an app in `appDir`, when one was built before (else nothing). */
  existing(appDir: string): string[] {
    const entry = resolveSdkEntry(appDir);
    const path = entry && bundlePath(this.#outDir, entry);
    return path && existsSync(path) ? [path] : [];
  }

  async #build(entry: string): Promise<string> {
    const out = bundlePath(this.#outDir, entry);
    // An earlier run's bundle of the same SDK files, made by the same localhooks code, is reused as it is.
    const stamp = await stampOf(entry);
    if ((await readFile(`${out}.stamp`, 'utf8').catch(() => null)) === stamp && existsSync(out)) return out;
    const result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: out,
      write: false,
      sourcemap: 'linked',
      sourcesContent: false,
      keepNames: true,
      logLevel: 'silent',
      // The same rules as the app's build: node-fetch is the runner's fetch, the SDK's own dependencies load natively.
      plugins: [resolvePlugin({ sdk: null })],
    });
    await mkdir(dirname(out), { recursive: true });
    // A runner of another server on this app may be reading the file: replace it whole.
    for (const f of result.outputFiles) {
      const tmp = `${f.path}.${process.pid}.tmp`;
      await writeFile(tmp, f.contents);
      await rename(tmp, f.path);
    }
    await writeFile(`${out}.stamp`, stamp);
    return out;
  }
}

/** What the bundle was made from: the SDK's files (by size and time) and the plugin that shaped it. */
async function stampOf(entry: string): Promise<string> {
  const files = [entry, join(dirname(entry), 'package.json'), fileURLToPath(new URL('./resolve-plugin.js', import.meta.url))];
  const stats = await Promise.all(files.map((f) => stat(f).then((s) => `${f}:${s.size}:${s.mtimeMs}`, () => `${f}:-`)));
  return stats.join('\n');
}

function bundlePath(outDir: string, entry: string): string {
  return join(outDir, 'sdk', `codehooks-js-${createHash('sha1').update(entry).digest('hex').slice(0, 12)}.mjs`);
}

/** The SDK entry file as an app's import resolves it: the app's own copy when installed, else localhooks'. */
function resolveSdkEntry(appDir: string): string | null {
  for (const from of [appDir, OWN_ROOT]) {
    try {
      return createRequire(join(from, 'package.json')).resolve('codehooks-js');
    } catch {
      // not installed there
    }
  }
  return null;
}

import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

/** localhooks' own package folder: its node_modules supply what an app does not install. */
export const OWN_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Packages the platform supplies: the app's copy wins, else localhooks' own (CONTRACT-06). */
const FALLBACK = /^(codehooks-js|ajv|ajv-formats|lodash|mime)(\/.*)?$/;
const SDK_FILE = /[/\\]node_modules[/\\]codehooks-js[/\\]/;

/**
 * node-fetch bypasses global fetch, so it is replaced by the runner's fetch (which routes the internal
 * gateway host and the OpenAI API locally). CommonJS-shaped so `require('node-fetch')` is callable too.
 */
const NODE_FETCH_SHIM = `
const fetch = (...args) => globalThis.__localhooks.fetch(...args);
class FetchError extends Error {
  constructor(message, type, systemError) {
    super(message);
    this.name = 'FetchError';
    this.type = type;
    if (systemError) this.code = this.errno = systemError.code;
  }
}
class AbortError extends Error {
  constructor(message) { super(message); this.name = 'AbortError'; this.type = 'aborted'; }
}
module.exports = exports = fetch;
exports.default = fetch;
exports.Headers = globalThis.Headers;
exports.Request = globalThis.Request;
exports.Response = globalThis.Response;
exports.FetchError = FetchError;
exports.AbortError = AbortError;
exports.isRedirect = (code) => [301, 302, 303, 307, 308].includes(code);
`;

export interface SdkInfo {
  source: 'app' | 'localhooks';
  version: string;
  path: string;
}

export interface ResolveState {
  sdk: SdkInfo | null;
  /** The SDK bundled apart (see sdk-bundle.ts): its path, for `import` of `codehooks-js` to load by path. */
  sdkBundle?(entry: string): Promise<string>;
}

export function resolvePlugin(state: ResolveState): Plugin {
  return {
    name: 'localhooks-resolve',
    setup(build) {
      build.onResolve({ filter: /^node-fetch(\/.*)?$/ }, () => ({ path: 'node-fetch', namespace: 'localhooks-shim' }));
      build.onLoad({ filter: /.*/, namespace: 'localhooks-shim' }, () => ({ contents: NODE_FETCH_SHIM, loader: 'js' }));
      build.onResolve({ filter: FALLBACK }, async (args) => {
        if (args.pluginData?.lhFallback) return undefined;
        const opts = { kind: args.kind, importer: args.importer, pluginData: { lhFallback: true } };
        let r = await build.resolve(args.path, { ...opts, resolveDir: args.resolveDir });
        const fellBack = r.errors.length > 0;
        if (fellBack) r = await build.resolve(args.path, { ...opts, resolveDir: OWN_ROOT });
        if (r.errors.length > 0) return undefined;
        // An app inside localhooks' own folder (its templates) finds localhooks' copy by walking up.
        const source: SdkInfo['source'] = fellBack || r.path.startsWith(ownModules()) ? 'localhooks' : 'app';
        if (args.path === 'codehooks-js' && !state.sdk) state.sdk = { source, path: r.path, version: sdkVersion(r.path) };
        // `require` keeps the SDK in the bundle: a CommonJS app cannot require an ES module on every Node 20.
        if (args.path === 'codehooks-js' && args.kind !== 'require-call' && state.sdkBundle && !SDK_FILE.test(args.importer)) {
          const bundled = await state.sdkBundle(r.path).catch(() => null);
          if (bundled) return { path: bundled, external: true };
        }
        // The SDK's own CommonJS dependencies (default imports only) load natively: half a megabyte less
        // to re-link on every save. The app's own imports of them stay bundled (named imports need esbuild).
        if (SDK_FILE.test(args.importer) && args.path !== 'codehooks-js') return { path: r.path, external: true };
        return { path: r.path, namespace: r.namespace, external: r.external, sideEffects: r.sideEffects };
      });
      build.onResolve({ filter: /\.node$/ }, (args) => ({ path: args.path, external: true }));
    },
  };
}

let ownModulesDir: string | undefined;
/** localhooks' node_modules as esbuild names its files: with symlinks resolved (a linked node_modules). */
function ownModules(): string {
  if (ownModulesDir === undefined) {
    const dir = join(OWN_ROOT, 'node_modules');
    try {
      ownModulesDir = realpathSync(dir) + sep;
    } catch {
      ownModulesDir = dir + sep;
    }
  }
  return ownModulesDir;
}

function sdkVersion(entry: string): string {
  let dir = dirname(entry);
  for (let i = 0; i < 4; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'codehooks-js') return pkg.version ?? 'unknown';
    } catch {
      // keep walking up
    }
    dir = dirname(dir);
  }
  return 'unknown';
}

/**
 * The files the bundled SDK imports natively when the app has no codehooks-js of its own (see the external
 * rule above): a runner preloads them while idle. Resolved the way esbuild resolves them from the SDK.
 */
export function sdkDependencies(): string[] {
  try {
    const fromSdk = createRequire(createRequire(join(OWN_ROOT, 'package.json')).resolve('codehooks-js/package.json'));
    return ['ajv', 'lodash', 'mime'].flatMap((name) => {
      try {
        return [fromSdk.resolve(name)];
      } catch {
        return [];
      }
    });
  } catch {
    return [];
  }
}

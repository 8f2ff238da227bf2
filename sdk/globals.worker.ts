import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ConnBackend } from './contract/calls.js';
import { createConn, type Conn } from './conn.js';
import { createRunnerFetch } from './fetch.worker.js';
import { createFileStore } from './file-store.worker.js';

export interface AppGlobalsOptions {
  appDir: string;
  /** The blob store's folder, under the data directory. */
  blobDir: string;
  /** Where `http://apigateway-service:8888` (the SDK's internalFetch) goes: this localhooks server. */
  gatewayOrigin: string;
  /** Where `https://api.openai.com/v1` goes, or null to leave it alone. */
  openaiBase: string | null;
}

/**
 * Installs what the real codehooks-js expects of its host before the app bundle evaluates (CONTRACT-01…03): `DB`
 * and `Datastore` (whose `open()` resolves to the conn), `_coho_fs`, the routed `fetch` (also what `node-fetch`
 * resolves to, through `__localhooks.fetch`), and the CommonJS names bundled packages read.
 */
export function installAppGlobals(backend: ConnBackend, options: AppGlobalsOptions): Conn {
  const conn = createConn(backend);
  const DB = { open: async () => conn };
  const g = globalThis as Record<string, unknown>;
  g.DB = DB;
  g.Datastore = DB;
  g._coho_fs = createFileStore(options.appDir, options.blobDir);
  const routes = { gatewayOrigin: options.gatewayOrigin, openaiBase: options.openaiBase };
  g.__localhooks = { fetch: createRunnerFetch(globalThis.fetch, routes, true) };
  globalThis.fetch = createRunnerFetch(globalThis.fetch, routes);
  // The bundle is ESM; bundled CommonJS packages still call require() and read __dirname.
  g.require = createRequire(join(options.appDir, 'index.js'));
  g.__dirname = options.appDir;
  g.__filename = join(options.appDir, 'index.js');
  return conn;
}

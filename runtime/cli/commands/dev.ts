import { rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PORT, DEFAULT_TIMEOUT_MS, startLocalhooks } from '../../app.js';
import { isLocalhooksError } from '../../errors.js';
import { LLM_MODES, type LlmMode } from '../../llm-config.js';
import { createLogger, isLogLevel, LOG_LEVELS } from '../../logger.js';
import { parseCorsOrigin } from '../../server/origin-policy.js';
import { findLiveLock, isPostgresUrl, lockedError, redactUrl } from '../../storage/index.js';
import type { Command } from '../command.js';
import { readDuration, readInstant } from '../../duration.js';
import { MovableClock } from '../../movable-clock.js';

const USAGE = `localhooks dev [dir] [options]

Serves the Codehooks app in [dir] (default: the current folder) at http://localhost:8080/dev,
rebuilding and reloading it when its files or .env change.

Options:
  -p, --port <n>        HTTP port (default: $PORT or ${DEFAULT_PORT})
      --host <addr>     interface to listen on (default: 127.0.0.1; $LOCALHOOKS_HOST)
      --space <name>    space segment of the URL (default: dev)
      --data <dir>      data folder (default: <dir>/.localhooks/data)
      --build-dir <dir> compiled bundles (default: <dir>/.localhooks/build; $LOCALHOOKS_BUILD_DIR)
      --reset           delete the data folder before starting (prints what it removed)
      --apikey <key>    require this x-apikey on every request (repeat for several keys);
                        requests without a key go through the app's auth hooks; any web
                        origin may then call the app, as on Codehooks
      --cors <origin>   also let pages from this origin call the app's routes, e.g.
                        https://app.example (repeatable; * for any origin; default: only
                        pages on localhost, 127.0.0.1 and [::1], any port)
      --allowed-host <name>
                        also answer requests for this host name (repeatable; .example.com
                        for a domain and its subdomains; $LOCALHOOKS_ALLOWED_HOSTS, comma-
                        separated). Needed for Docker service names and tunnels; default:
                        localhost, *.localhost and IP addresses only (docs/security.md)
      --timeout <ms>    handler timeout before a 504 (default: ${DEFAULT_TIMEOUT_MS})
      --no-watch        do not watch files for changes
      --poll            poll for file changes (Docker bind mounts; also $LOCALHOOKS_POLL=1)
      --log-level <l>   ${LOG_LEVELS.join(' | ')} (default: info; debug shows the app's console.debug)
      --llm <mode>      ${LLM_MODES.join(' | ')} (default: offline unless OPENAI_API_KEY is set)
      --llm-url <url>   forward OpenAI calls to a local OpenAI-compatible server (Ollama, llama.cpp)
      --llm-model <m>   model name to use with --llm-url
      --llm-faults <s>  inject failures into OpenAI calls, e.g. 429:0.3,500:0.1,latency:200ms
      --inbox <n>       requests the dashboard's inbox keeps (default: 1000; 0 turns it off)
      --import <dir>    import a folder (localhooks export) or file once the server is up
      --export-on-exit <dir>
                        export all data to <dir> when the server stops (Ctrl+C)
      --clock <when>    where the server clock starts: real (default), an ISO time
                        (2026-12-24T18:00:00Z) or an offset (+25h, -2d); localhooks time moves it
      --snapshots <dir> where localhooks snapshot keeps snapshots (default: <dir>/.localhooks/snapshots)
      --store <url>     keep the data in PostgreSQL (postgres://user:pass@host/db) instead of the data
                        folder ($LOCALHOOKS_STORE); see localhooks serve and docs/scale-out.md

Examples:
  localhooks dev
  localhooks dev ./my-app --port 3000 --apikey secret-key
  localhooks dev --cors https://staging.example --allowed-host my-box.ts.net
  localhooks dev --llm-url http://localhost:11434/v1 --llm-model llama3.2`;

/** Model calls `localhooks dev` keeps for the dashboard's LLM view. */
const DEV_LLM_JOURNAL = 200;

/** What tells `dev` (watch, admin API) and `serve` (built once, no admin API unless --admin) apart. */
export interface ServerProfile {
  name: string;
  summary: string;
  usage: string;
  watch: boolean;
  admin: boolean;
}

export const serverCommand = (profile: ServerProfile): Command => ({
  name: profile.name,
  summary: profile.summary,
  usage: profile.usage,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        space: { type: 'string' },
        data: { type: 'string' },
        'build-dir': { type: 'string' },
        reset: { type: 'boolean' },
        apikey: { type: 'string', multiple: true },
        cors: { type: 'string', multiple: true },
        'allowed-host': { type: 'string', multiple: true },
        timeout: { type: 'string' },
        'no-watch': { type: 'boolean' },
        poll: { type: 'boolean' },
        'log-level': { type: 'string' },
        llm: { type: 'string' },
        'llm-url': { type: 'string' },
        'llm-model': { type: 'string' },
        'llm-faults': { type: 'string' },
        inbox: { type: 'string' },
        import: { type: 'string' },
        'export-on-exit': { type: 'string' },
        clock: { type: 'string' },
        snapshots: { type: 'string' },
        store: { type: 'string' },
        admin: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      console.log(profile.usage);
      return 0;
    }
    if (positionals.length > 1) return fail(`expected one app folder, got: ${positionals.join(' ')}`);
    const appDir = resolve(positionals[0] ?? '.');
    const dirStat = await stat(appDir).catch(() => null);
    if (!dirStat) return fail(`app folder not found: ${appDir}`);
    if (!dirStat.isDirectory()) return fail(`not a folder: ${appDir} (give the folder that holds the app's index.js or index.ts)`);

    const port = intOption('--port', values.port ?? process.env.PORT ?? String(DEFAULT_PORT), 0, 65535);
    const timeoutMs = intOption('--timeout', values.timeout ?? String(DEFAULT_TIMEOUT_MS), 1, 24 * 3600_000);
    if (typeof port === 'string') return fail(port);
    if (typeof timeoutMs === 'string') return fail(timeoutMs);
    const inbox = values.inbox === undefined ? undefined : intOption('--inbox', values.inbox, 0, 1_000_000);
    if (typeof inbox === 'string') return fail(inbox);
    const level = values['log-level'] ?? 'info';
    if (!isLogLevel(level)) return fail(`--log-level must be one of ${LOG_LEVELS.join(', ')} (got "${level}")`);
    if (values.llm && !(LLM_MODES as readonly string[]).includes(values.llm)) return fail(`--llm must be one of ${LLM_MODES.join(', ')} (got "${values.llm}")`);

    const cors: string[] = [];
    for (const raw of values.cors ?? []) {
      const origin = parseCorsOrigin(raw);
      if (typeof origin !== 'string') return fail(origin.error);
      cors.push(origin);
    }
    const allowedHosts = [...(values['allowed-host'] ?? []), ...(process.env.LOCALHOOKS_ALLOWED_HOSTS ?? '').split(',')].map((h) => h.trim()).filter(Boolean);
    const badHost = allowedHosts.find((h) => /[\s/@?#]/.test(h));
    if (badHost) return fail(`--allowed-host expects a host name like my-box.ts.net or .example.com, without scheme or path (got "${badHost}")`);

    const clockStart = parseClock(values.clock ?? 'real');
    if (typeof clockStart === 'string') return fail(clockStart);
    const importDir = values.import === undefined ? undefined : resolve(values.import);
    if (importDir && !(await stat(importDir).catch(() => null))) return fail(`--import: ${importDir} does not exist`);
    const dataDir = resolve(values.data ?? join(appDir, '.localhooks', 'data'));
    const store = values.store ?? (process.env.LOCALHOOKS_STORE || undefined);
    if (store !== undefined && !isPostgresUrl(store)) return fail(`--store expects a postgres:// URL (got "${redactUrl(store)}")`);
    if (store && values.reset) return fail('--reset empties a data folder; the data of --store lives in PostgreSQL (localhooks reset, or drop the database)');
    const admin = profile.admin || values.admin === true;
    if (!admin && (importDir || values['export-on-exit'])) return fail(`--import and --export-on-exit go through the admin API: add --admin`);
    // A PostgreSQL store is shared on purpose; only a data folder is one server's.
    const holder = store ? null : await findLiveLock(dataDir);
    if (holder) return fail(lockedError(holder, dataDir).message);
    if (values.reset) {
      const existed = await stat(dataDir).catch(() => null);
      await rm(dataDir, { recursive: true, force: true });
      console.log(existed ? `Removed the data folder ${dataDir}` : `Nothing to reset: ${dataDir} does not exist`);
    }
    const logger = createLogger({ level });
    const clock = new MovableClock(clockStart.start);
    // Listened for from the start: a Ctrl+C or SIGTERM during start-up still stops cleanly and frees the data folder.
    const signals = { early: '', stop: null as ((signal: string) => void) | null };
    const onSignal = (signal: NodeJS.Signals) => void (signals.stop ? signals.stop(signal) : (signals.early ||= signal));
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const lh = await startLocalhooks({
        appDir,
        port,
        host: values.host ?? process.env.LOCALHOOKS_HOST,
        space: values.space,
        dataDir,
        buildDir: values['build-dir'] ?? process.env.LOCALHOOKS_BUILD_DIR,
        apiKeys: values.apikey ?? [],
        cors,
        allowedHosts,
        watch: profile.watch && !values['no-watch'],
        store,
        admin,
        poll: values.poll === true || process.env.LOCALHOOKS_POLL === '1' || process.env.LOCALHOOKS_POLL === 'true',
        timeoutMs,
        logger,
        adminOpen: process.env.LOCALHOOKS_ADMIN_OPEN === '1',
        llm: { mode: values.llm as LlmMode | undefined, url: values['llm-url'], model: values['llm-model'], faults: values['llm-faults'] },
        inbox: inbox === undefined ? undefined : { capacity: inbox },
        // The dashboard's LLM view shows the app's model calls: keep the latest ones (prompts can be long).
        llmJournal: DEV_LLM_JOURNAL,
        clock,
        snapshotsDir: values.snapshots,
      });
      const exportOnExit = values['export-on-exit'] === undefined ? undefined : resolve(values['export-on-exit']);
      const transfer = importDir || exportOnExit ? await transferTools(selfOrigin(values.host ?? process.env.LOCALHOOKS_HOST, lh.port)) : undefined;
      if (importDir && transfer) {
        try {
          const summary = await transfer.importAll(importDir, (line) => logger.info(`import: ${line}`));
          const docs = Object.values(summary.collections).reduce((n, r) => n + r.inserted + r.replaced, 0);
          logger.info(`import: ${docs} document(s) and ${summary.kv} key-value entr${summary.kv === 1 ? 'y' : 'ies'} from ${importDir}`);
        } catch (err) {
          await lh.close();
          clock.stop();
          return fail(`--import ${importDir}: ${(err as Error).message}`);
        }
      }
      await new Promise<void>((done) => {
        signals.stop = (signal: string) => {
          logger.info(`${signal}: stopping`);
          const exported = exportOnExit && transfer
            ? transfer.exportAll(exportOnExit, (line) => logger.info(`export: ${line}`)).then(
                () => logger.info(`export: all data written to ${exportOnExit}`),
                (err: Error) => logger.error(`--export-on-exit ${exportOnExit} failed: ${err.message}`),
              )
            : Promise.resolve();
          exported.then(() => lh.close()).finally(() => clock.stop()).then(done, (err) => {
            logger.error('error while stopping:', err);
            done();
          });
        };
        if (signals.early) signals.stop(signals.early);
      });
      return 0;
    } catch (err) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      if (isLocalhooksError(err)) return fail(err.message);
      throw err;
    }
  },
});

export const devCommand = serverCommand({ name: 'dev', summary: 'serve a Codehooks app locally with hot reload', usage: USAGE, watch: true, admin: true });

/** Where this server answers its own admin calls (--import, --export-on-exit): the address it listens on. */
function selfOrigin(host: string | undefined, port: number): string {
  const h = !host || host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${h}:${port}`;
}

/** `--clock`: real, an ISO time, or an offset from now (`+25h`, `-2d`). */
function parseClock(raw: string): { start?: number } | string {
  const bad = (m: string) => new Error(m);
  try {
    if (raw === 'real') return {};
    const offset = /^([+-])(.+)$/.exec(raw);
    if (offset) return { start: Date.now() + (offset[1] === '-' ? -1 : 1) * readDuration(offset[2], '--clock', bad) };
    return { start: readInstant(raw, '--clock', bad) };
  } catch (err) {
    return `${(err as Error).message} (use real, an ISO time like 2026-12-24T18:00:00Z, or an offset like +25h)`;
  }
}

function intOption(name: string, raw: string, min: number, max: number): number | string {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) return `${name} must be a whole number from ${min} to ${max} (got "${raw}")`;
  return n;
}

function fail(message: string): number {
  console.error(`localhooks: ${message}`);
  return 1;
}

/** `--import` and `--export-on-exit` through the server's admin API; loaded only when one of them is given. */
async function transferTools(origin: string) {
  const [{ defaultIo }, { AdminClient }, { readImport }, { exportData, importData }] = await Promise.all([
    import('../../queue/admin-client.js'),
    import('../data/client.js'),
    import('../data/import-source.js'),
    import('../data/transfer.js'),
  ]);
  const client = new AdminClient(defaultIo(), origin);
  return {
    importAll: async (dir: string, log: (line: string) => void) => importData(client, await readImport(dir), log),
    exportAll: (dir: string, log: (line: string) => void) => exportData(client, dir, [], log),
  };
}

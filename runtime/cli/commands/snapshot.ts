import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { createLogger } from '../../logger.js';
import { CliUsageError, defaultIo, resolveServer, type CliIo } from '../../queue/admin-client.js';
import { checkName, listSnapshots, removeSnapshot, restoreSnapshot, writeSnapshot, type SnapshotInfo } from '../../snapshot/index.js';
import { acquireDataLock, findLiveLock, openStore, type Store } from '../../storage/index.js';
import { AdminClient } from '../data/client.js';
import { printJson, reportError } from '../data/common.js';
import { renderTable } from '../data/table.js';

const USAGE = `localhooks snapshot <save <name> | list | restore <name> | rm <name>> [options]

Snapshots of the whole data folder: collections, key-value, queues, workflows and stored files.
While localhooks dev serves the folder, the server takes and restores them (consistently: no write is
caught half-way; a restore replaces everything in one atomic step while queues and cron wait).
With no server running, the folder is read and written directly.

Options:
      --app <dir>        the app folder (default: .)
      --data <dir>       the data folder (default: <app>/.localhooks/data)
      --snapshots <dir>  where snapshots live (default: <app>/.localhooks/snapshots)
      --json             print JSON
  -p, --port <n>         ask the server on this port (default: the one serving the data folder; run
                         outside an app folder (no ./.localhooks) with no --app, --data or --snapshots,
                         the one on $LOCALHOOKS_PORT, $PORT or 8080 if it answers)
      --url <url>        ask the server at this address

Examples:
  localhooks snapshot save before-migration
  localhooks snapshot list
  localhooks snapshot restore before-migration`;

const PROBE_MS = 2000;

const kb = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('en')} KiB`;

export async function runSnapshot(args: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: { app: { type: 'string' }, data: { type: 'string' }, snapshots: { type: 'string' }, json: { type: 'boolean' }, port: { type: 'string', short: 'p' }, url: { type: 'string' } },
    });
    const [sub, name, ...extra] = positionals;
    const needsName = sub === 'save' || sub === 'restore' || sub === 'rm';
    if (!sub || extra.length || (needsName ? name === undefined : name !== undefined) || !['save', 'list', 'restore', 'rm'].includes(sub)) {
      throw new CliUsageError(`expected save <name>, list, restore <name> or rm <name>\n\n${USAGE}`);
    }
    if (name !== undefined) checkName(name);
    const appDir = resolve(values.app ?? '.');
    const dataDir = resolve(values.data ?? join(appDir, '.localhooks', 'data'));
    const dir = resolve(values.snapshots ?? join(appDir, '.localhooks', 'snapshots'));
    const explicit = values.port !== undefined || values.url !== undefined;
    const holder = explicit ? null : await findLiveLock(dataDir);
    let client = explicit ? new AdminClient(io, resolveServer(values, io.env)) : holder ? new AdminClient(io, `http://127.0.0.1:${holder.port}`) : null;
    // Run outside any app folder (`npm start` serves templates/llm-workflow), the data commands' default server is
    // the one meant. A folder with localhooks data of its own is worked on itself: a restore never lands elsewhere.
    let unanswered: string | null = null;
    const folderGiven = values.app !== undefined || values.data !== undefined || values.snapshots !== undefined;
    if (!client && !folderGiven && !(await stat(join(appDir, '.localhooks')).catch(() => null))) {
      const origin = resolveServer({}, io.env);
      if (await answers(io, origin)) client = new AdminClient(io, origin);
      else unanswered = origin;
    }
    const nobody = unanswered ? `; no localhooks server answered at ${unanswered} (--port)` : '';
    const show = (info: SnapshotInfo, verb: string) => (values.json ? printJson(io, info) : io.out(`Snapshot "${info.name}" ${verb}: ${info.keys.toLocaleString('en')} keys, ${kb(info.bytes)}\n`));

    if (sub === 'list') {
      const list = client ? (await client.get<{ snapshots: SnapshotInfo[] }>('/snapshots')).snapshots : await listSnapshots(dir);
      if (values.json) printJson(io, list);
      else io.out(list.length ? renderTable(['name', 'taken', 'server clock', 'keys', 'size'], list.map((s) => [s.name, s.createdAt, s.clock, s.keys.toLocaleString('en'), kb(s.bytes)]), new Set([3, 4])) : `No snapshots in ${dir}${nobody}.\n`);
      return 0;
    }
    if (sub === 'rm') {
      if (client) await client.send('DELETE', `/snapshots/${encodeURIComponent(name!)}`);
      else await removeSnapshot(dir, name!);
      if (values.json) printJson(io, { removed: name });
      else io.out(`Snapshot "${name}" removed\n`);
      return 0;
    }
    if (client) {
      show(sub === 'save' ? await client.send<SnapshotInfo>('POST', '/snapshots', { name }) : await client.send<SnapshotInfo>('POST', `/snapshots/${encodeURIComponent(name!)}/restore`), sub === 'save' ? 'saved' : 'restored');
      return 0;
    }
    if (sub === 'save' && !(await stat(join(dataDir, 'db')).catch(() => null))) throw new CliUsageError(`no data folder at ${dataDir} (start localhooks dev there once, or give --data)${nobody}`);
    const info = await offline(dataDir, (store) =>
      sub === 'save' ? writeSnapshot(dir, name!, store.entries()[Symbol.asyncIterator](), dataDir, Date.now()) : restoreSnapshot(dir, name!, store, dataDir),
    );
    show(info, sub === 'save' ? 'saved' : 'restored');
    return 0;
  } catch (err) {
    return reportError(io, 'snapshot', err);
  }
}

/** A localhooks server answers its health probe at `origin` (anything else there is not one to ask). */
async function answers(io: CliIo, origin: string): Promise<boolean> {
  try {
    await new AdminClient(io, origin).get('/health', PROBE_MS);
    return true;
  } catch {
    return false;
  }
}

/** The data folder of a stopped server, locked while it is used so that no server starts on it meanwhile. */
async function offline<T>(dataDir: string, fn: (store: Store) => Promise<T>): Promise<T> {
  const lock = await acquireDataLock(dataDir, { port: 0, logger: createLogger({ level: 'warn' }) });
  try {
    const store = await openStore({ backend: 'level', path: join(dataDir, 'db') });
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  } finally {
    await lock.release();
  }
}

export const snapshotCommand: Command = {
  name: 'snapshot',
  summary: 'save, list, restore or remove snapshots of the data folder',
  usage: USAGE,
  run: (args) => runSnapshot(args, defaultIo()),
};

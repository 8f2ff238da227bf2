import { readFileSync, unlinkSync } from 'node:fs';
import { link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalhooksError } from '../errors.js';
import type { Logger } from '../logger.js';

/**
 * One server per data folder: LevelDB allows one process per database, and two servers sharing queues and
 * cron would run every job twice. The lock file names the holder so that a second server can say who it is.
 */
export const LOCK_FILE = 'localhooks.lock';

export interface LockRecord {
  pid: number;
  port: number;
  started: string;
}

export interface DataLock {
  /** The port is known once the server listens (`--port 0` picks one). */
  setPort(port: number): Promise<void>;
  release(): Promise<void>;
}

/** Lock files this process holds: a record with our own pid that is not in here is a stale one (a reused pid). */
const held = new Set<string>();

export async function acquireDataLock(dataDir: string, options: { port: number; logger: Logger }): Promise<DataLock> {
  await mkdir(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE);
  const record: LockRecord = { pid: process.pid, port: options.port, started: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    // Written aside, then linked into place: the lock appears whole or not at all, and link() fails if it exists.
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(record));
    try {
      await link(tmp, file);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 2) throw err;
    } finally {
      await rm(tmp, { force: true });
    }
    const other = await readLock(file);
    if (other === undefined) continue; // released in the meantime
    if (other && isLive(other, file)) throw lockedError(other, dataDir);
    options.logger.warn(
      other
        ? `Took over the data folder lock of localhooks pid ${other.pid} (port ${other.port}), which is no longer running: ${dataDir}`
        : `Replaced an unreadable lock file in ${dataDir}`,
    );
    await rm(file, { force: true });
  }
  held.add(file);
  const ours = () => {
    try {
      return (JSON.parse(readFileSync(file, 'utf8')) as LockRecord).pid === process.pid;
    } catch {
      return false;
    }
  };
  // A plain exit (Ctrl+C handled, process.exit) still removes it; a SIGKILL leaves it for the next start to take over.
  const onExit = () => {
    if (ours()) unlinkSync(file);
  };
  process.once('exit', onExit);
  return {
    async setPort(port) {
      record.port = port;
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(record));
      await rename(tmp, file);
    },
    async release() {
      process.off('exit', onExit);
      held.delete(file);
      if (ours()) await rm(file, { force: true });
    },
  };
}

/** The server holding the data folder, if one is running (`--reset` must not wipe a folder in use). */
export async function findLiveLock(dataDir: string): Promise<LockRecord | null> {
  const file = join(dataDir, LOCK_FILE);
  const other = await readLock(file);
  return other && isLive(other, file) ? other : null;
}

export function lockedError(other: LockRecord, dataDir: string): LocalhooksError {
  return new LocalhooksError(
    'LH_DATA_LOCKED',
    `Another localhooks (pid ${other.pid}, port ${other.port}) is serving the data folder ${dataDir}. Stop it first (kill ${other.pid}), or give this server its own folder with --data <dir>`,
    { status: 409 },
  );
}

/** undefined: no lock file; null: one that cannot be read. */
async function readLock(file: string): Promise<LockRecord | null | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const r = JSON.parse(text) as Partial<LockRecord>;
    return Number.isInteger(r.pid) && (r.pid as number) > 0 ? { pid: r.pid!, port: Number(r.port ?? 0), started: String(r.started ?? '') } : null;
  } catch {
    return null;
  }
}

function isLive(r: LockRecord, file: string): boolean {
  // Our own pid in a lock we did not take: a container restarted and its new process got the old pid.
  if (r.pid === process.pid) return held.has(file);
  try {
    process.kill(r.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

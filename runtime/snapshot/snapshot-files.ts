import { cp, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LOCK_FILE } from '../storage/data-lock.js';
import { openStore, type Store } from '../storage/index.js';
import { SnapshotError } from './errors.js';
import { copyEntries, replaceContents } from './store-copy.js';

/** What `snapshot list` shows; stored as snapshot.json, written last, so a snapshot without it is incomplete. */
export interface SnapshotInfo {
  name: string;
  /** Real time it was taken. */
  createdAt: string;
  /** The server clock then (differs after `localhooks time advance`). */
  clock: string;
  keys: number;
  bytes: number;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const INFO = 'snapshot.json';
const DB = 'db';

export function checkName(name: unknown): string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new SnapshotError('LH_SNAPSHOT_BAD_NAME', `a snapshot name is 1–64 letters, digits, '.', '_' or '-' and starts with a letter or digit, got ${JSON.stringify(name)}`);
  }
  return name;
}

/** Everything in the data folder besides the database and the lock: stored files, LLM recordings. */
async function extras(dataDir: string): Promise<string[]> {
  const names = await readdir(dataDir).catch(() => [] as string[]);
  return names.filter((n) => n !== DB && n !== LOCK_FILE && !n.startsWith('.'));
}

async function size(path: string): Promise<number> {
  const s = await stat(path).catch(() => null);
  if (!s) return 0;
  if (!s.isDirectory()) return s.size;
  let total = 0;
  for (const n of await readdir(path)) total += await size(join(path, n));
  return total;
}

/**
 * Writes a snapshot from `entries` (an iterator already opened on the store, so it reads one point in time)
 * and a copy of the data folder's other contents. Built in a temp folder and renamed into place.
 */
export async function writeSnapshot(dir: string, name: string, entries: AsyncIterator<[string, string]>, dataDir: string, clockNow: number): Promise<SnapshotInfo> {
  const final = join(dir, checkName(name));
  if (await stat(final).catch(() => null)) throw new SnapshotError('LH_SNAPSHOT_EXISTS', `a snapshot "${name}" exists already; remove it first: localhooks snapshot rm ${name}`);
  const tmp = join(dir, `.${name}.${process.pid}.tmp`);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  try {
    const db = await openStore({ backend: 'level', path: join(tmp, DB) });
    let keys: number;
    try {
      keys = await copyEntries(entries, db);
    } finally {
      await db.close();
    }
    for (const n of await extras(dataDir)) await cp(join(dataDir, n), join(tmp, 'data', n), { recursive: true });
    const info: SnapshotInfo = { name, createdAt: new Date().toISOString(), clock: new Date(clockNow).toISOString(), keys, bytes: await size(tmp) };
    await writeFile(join(tmp, INFO), JSON.stringify(info, null, 2));
    await rename(tmp, final);
    return info;
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
}

export async function listSnapshots(dir: string): Promise<SnapshotInfo[]> {
  const out: SnapshotInfo[] = [];
  for (const n of await readdir(dir).catch(() => [] as string[])) {
    if (n.startsWith('.')) continue;
    const text = await readFile(join(dir, n, INFO), 'utf8').catch(() => null);
    if (text) out.push(JSON.parse(text) as SnapshotInfo);
  }
  return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function readSnapshotInfo(dir: string, name: string): Promise<SnapshotInfo> {
  const text = await readFile(join(dir, checkName(name), INFO), 'utf8').catch(() => null);
  if (!text) {
    const known = (await listSnapshots(dir)).map((s) => s.name).join(', ') || 'none';
    throw new SnapshotError('LH_SNAPSHOT_NOT_FOUND', `no snapshot "${name}" in ${dir} (snapshots: ${known})`);
  }
  return JSON.parse(text) as SnapshotInfo;
}

/** Replaces `target`'s contents (one atomic batch) and the data folder's other contents with the snapshot's. */
export async function restoreSnapshot(dir: string, name: string, target: Store, dataDir: string): Promise<SnapshotInfo> {
  const info = await readSnapshotInfo(dir, name);
  const db = await openStore({ backend: 'level', path: join(dir, name, DB) });
  try {
    await replaceContents(target, db);
  } finally {
    await db.close();
  }
  await replaceExtras(dataDir, join(dir, name, 'data'));
  return info;
}

/** Empties the store and the data folder's other contents. */
export async function wipe(target: Store, dataDir: string): Promise<void> {
  await replaceContents(target, null);
  await replaceExtras(dataDir, null);
}

/** Each folder is swapped by renames, so a reader sees the old or the new one. */
async function replaceExtras(dataDir: string, from: string | null): Promise<void> {
  const stamp = `${process.pid}-${Date.now()}`;
  const incoming = from ? await readdir(from).catch(() => [] as string[]) : [];
  for (const n of await extras(dataDir)) if (!incoming.includes(n)) await rm(join(dataDir, n), { recursive: true, force: true });
  for (const n of incoming) {
    const next = join(dataDir, `.${n}.new-${stamp}`);
    const old = join(dataDir, `.${n}.old-${stamp}`);
    await cp(join(from!, n), next, { recursive: true });
    await rename(join(dataDir, n), old).catch(() => undefined);
    await rename(next, join(dataDir, n));
    await rm(old, { recursive: true, force: true });
  }
}

export async function removeSnapshot(dir: string, name: string): Promise<void> {
  await readSnapshotInfo(dir, name);
  await rm(join(dir, name), { recursive: true, force: true });
}

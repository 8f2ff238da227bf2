import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileEntry } from '../contract/files.js';
import { PART_PREFIX } from './atomic-write.js';
import type { StoreFolder } from './store-paths.js';

/**
 * `list(path)` in the platform's shape (FS-05): every file below the folder, recursively, sorted by path, as
 * `{path, size, date, _id}`. A path naming a file lists that file; a missing path lists nothing. Symlinks below
 * the folder are not followed (a link cannot make `list` leave the store) and files still being written are not
 * shown.
 */
export async function listFiles(folder: StoreFolder, path: string): Promise<FileEntry[]> {
  const start = folder.locate(path || '/');
  const out: FileEntry[] = [];
  const add = (full: string, size: number, mtime: Date) => {
    const p = folder.storePath(full);
    out.push({ path: p, size, date: mtime.toISOString(), _id: fileId(p) });
  };
  const top = await stat(start).catch(() => null);
  if (!top) return out;
  await folder.checkExisting(start, path);
  if (top.isFile()) {
    add(start, top.size, top.mtime);
    return out;
  }
  if (!top.isDirectory()) return out;
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (folder.hides(e.name)) continue;
      const full = join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.isFile() && !e.name.startsWith(PART_PREFIX)) {
        const s = await stat(full).catch(() => null);
        if (s) add(full, s.size, s.mtime);
      }
    }
  };
  await walk(start);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A stable 24-hex id per path, shaped like the platform's ObjectIds (apps use it as a React key). */
export function fileId(path: string): string {
  return createHash('sha1').update(path).digest('hex').slice(0, 24);
}

/**
 * The blob store as the admin API and the CLI (`localhooks files ls|put|get|rm`) see it: the same folder and
 * rules as the app's `_coho_fs` (sdk/files/), used from the main thread. Writes are atomic, reads stream.
 *
 * @example
 *   const files = createFilesService({ blobDir: join(dataDir, 'files') });
 *   await files.put('/docs/a.pdf', request.raw);        // whole or not at all
 *   const { handle, size } = await files.open('/docs/a.pdf');
 */
import { open, readdir, rm, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileEntry } from '../../sdk/contract/files.js';
import { sweepParts, writeAtomic, type FileData } from '../../sdk/files/atomic-write.js';
import { etagOf } from '../../sdk/files/conditional.js';
import { listFiles } from '../../sdk/files/list.js';
import { StoreFolder } from '../../sdk/files/store-paths.js';
import { FileError } from './errors.js';

export { FILE_ERRORS, FileError } from './errors.js';

export interface OpenedFile {
  handle: FileHandle;
  size: number;
  mtimeMs: number;
  etag: string;
}

export interface FilesService {
  readonly dir: string;
  list(path: string): Promise<FileEntry[]>;
  open(path: string): Promise<OpenedFile>;
  put(path: string, data: FileData, limit?: number): Promise<{ path: string; size: number }>;
  /** Removes a file, or with `recursive` a folder and everything in it; resolves with the files removed. */
  remove(path: string, options?: { recursive?: boolean }): Promise<string[]>;
  /** Removes part files that writes cut short by a crash left behind. */
  sweep(before: number): Promise<number>;
}

export function createFilesService(opts: { blobDir: string }): FilesService {
  const folder = new StoreFolder(opts.blobDir);
  const notFound = (path: string) => new FileError('LH_FILE_NOT_FOUND', `No file at ${path} in the file store`);
  const existing = async (path: string) => {
    const full = folder.locate(path);
    const s = await stat(full).catch(() => null);
    if (!s) throw notFound(path);
    await folder.checkExisting(full, path);
    return { full, isFile: s.isFile() };
  };
  return {
    dir: folder.base,
    list: (path) => listFiles(folder, path),
    async open(path) {
      const { full, isFile } = await existing(path);
      if (!isFile) throw new FileError('LH_FILE_IS_FOLDER', `${path} is a folder: list it with GET /.localhooks/api/files?path=${path}`);
      const handle = await open(full, 'r');
      const s = await handle.stat({ bigint: true });
      return { handle, size: Number(s.size), mtimeMs: Number(s.mtimeMs), etag: etagOf(Number(s.size), s.mtimeNs) };
    },
    async put(path, data, limit) {
      const full = folder.locate(path);
      if (full === folder.base) throw new FileError('LH_FILE_IS_FOLDER', 'A file needs a name: / is the store’s root folder');
      const s = await stat(full).catch(() => null);
      if (s?.isDirectory()) throw new FileError('LH_FILE_IS_FOLDER', `${path} is a folder; give the file's own path (${path.replace(/\/$/, '')}/<name>)`);
      await folder.prepareParent(full, path);
      const size = await writeAtomic(full, data, limit);
      return { path: folder.storePath(full), size };
    },
    async remove(path, options = {}) {
      const { full, isFile } = await existing(path);
      const files = (await listFiles(folder, path)).map((f) => f.path);
      if (isFile) {
        await rm(full);
        return files;
      }
      if (!options.recursive) throw new FileError('LH_FILE_IS_FOLDER', `${path} is a folder: remove it with everything in it with -r (recursive=true)`);
      // The root folder stays; only what it holds goes.
      if (full === folder.base) for (const name of await readdir(full)) await rm(join(full, name), { recursive: true, force: true });
      else await rm(full, { recursive: true, force: true });
      return files;
    },
    sweep: (before) => sweepParts(folder.base, before),
  };
}

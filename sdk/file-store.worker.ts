import { open, readFile, rm, stat } from 'node:fs/promises';
import type { FileOptions, FileStoreApi } from './contract/files.js';
import { writeAtomic, type FileData } from './files/atomic-write.js';
import { etagOf } from './files/conditional.js';
import { listFiles } from './files/list.js';
import { hidePath, isPrivateSourceName, StoreFolder } from './files/store-paths.js';
import { StoreFileStream } from './file-stream.worker.js';

/**
 * `_coho_fs` (CONTRACT-03, FS-01…09): `{source: true}` reads the app's own files (app.static, views);
 * everything else is the blob store, a folder under the data directory that persists across restarts. Writes
 * land whole or not at all; no path leaves its folder (store-paths.ts).
 */
export function createFileStore(appDir: string, blobDir: string): FileStoreApi {
  const source = new StoreFolder(appDir, { hidden: isPrivateSourceName });
  const blobs = new StoreFolder(blobDir);
  const folder = (opts?: FileOptions) => (opts?.source === true ? source : blobs);

  /** Opens a file for reading after the symlink check; the error for a missing file names the store path. */
  const openFile = async (path: string, opts?: FileOptions) => {
    const f = folder(opts);
    const full = f.locate(path);
    await f.checkExisting(full, path);
    const handle = await open(full, 'r').catch(hidePath(full, path));
    const s = await handle.stat({ bigint: true }).catch(async (err: Error) => {
      await handle.close();
      throw err;
    });
    if (!s.isFile()) {
      await handle.close();
      throw new Error(`Not a file: ${path}`);
    }
    return { handle, size: Number(s.size), mtimeMs: Number(s.mtimeMs), mtimeNs: s.mtimeNs };
  };

  return {
    async getFileStream(path: string, opts?: FileOptions): Promise<StoreFileStream> {
      const f = await openFile(path, opts);
      return new StoreFileStream(f.handle, { size: f.size, mtimeMs: f.mtimeMs, etag: etagOf(f.size, f.mtimeNs) });
    },
    async readFile(path: string, opts?: FileOptions): Promise<string> {
      const f = folder(opts);
      const full = f.locate(path);
      await f.checkExisting(full, path);
      return readFile(full, opts?.encoding ?? 'utf8').catch(hidePath(full, path));
    },
    async saveFile(path: string, data: unknown, _opts?: FileOptions): Promise<string> {
      const full = blobs.locate(path);
      if (!isFileData(data)) throw new TypeError('saveFile expects a Readable stream, a Buffer or a string');
      await blobs.prepareParent(full, path);
      await writeAtomic(full, data);
      return `Saved ${path}`;
    },
    async deleteFile(path: string, _opts?: FileOptions): Promise<string> {
      const full = blobs.locate(path);
      await blobs.checkParent(full, path);
      const s = await stat(full).catch(hidePath(full, path));
      if (!s.isFile()) throw new Error(`Not a file: ${path}`);
      await rm(full);
      return `Deleted ${path}`;
    },
    list: (path: string, opts?: FileOptions) => listFiles(folder(opts), path),
  };
}

/** A Readable, `req` itself, a web ReadableStream: anything that can be read with `for await`. */
function isFileData(data: unknown): data is FileData {
  return typeof data === 'string' || data instanceof Uint8Array || (!!data && typeof (data as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function');
}

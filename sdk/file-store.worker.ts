import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FileEntry, FileOptions, FileStoreApi } from './contract/files.js';

/**
 * `_coho_fs` (CONTRACT-03, FS-01…09): `{source: true}` reads the app's own files (app.static, views);
 * everything else is the blob store, a folder under the data directory that persists across restarts.
 */
export function createFileStore(appDir: string, blobDir: string): FileStoreApi {
  const root = (opts?: { source?: boolean }) => (opts?.source === true ? appDir : blobDir);
  const locate = (path: string, opts?: { source?: boolean }) => {
    const base = resolve(root(opts));
    const full = resolve(base, '.' + (String(path).startsWith('/') ? String(path) : `/${path}`));
    if (full !== base && !full.startsWith(base + sep)) throw new Error(`File path escapes the file store: ${path}`);
    return full;
  };
  return {
    async getFileStream(path: string, opts?: { source?: boolean }): Promise<Readable> {
      const full = locate(path, opts);
      const s = await stat(full).catch(hidePath(full, path));
      if (!s.isFile()) throw new Error(`Not a file: ${path}`);
      return createReadStream(full);
    },
    async readFile(path: string, opts?: { source?: boolean; encoding?: BufferEncoding }): Promise<string> {
      const full = locate(path, opts);
      return readFile(full, opts?.encoding ?? 'utf8').catch(hidePath(full, path));
    },
    async saveFile(path: string, data: unknown, opts?: { source?: boolean }): Promise<string> {
      const full = locate(path, { ...opts, source: false });
      await mkdir(dirname(full), { recursive: true });
      if (data instanceof Readable) await pipeline(data, createWriteStream(full));
      else if (typeof data === 'string' || data instanceof Uint8Array) await writeFile(full, data);
      else throw new Error('saveFile expects a Readable stream, a Buffer or a string');
      return `Saved ${path}`;
    },
    async deleteFile(path: string, opts?: { source?: boolean }): Promise<string> {
      const full = locate(path, { ...opts, source: false });
      await stat(full).catch(hidePath(full, path));
      await rm(full);
      return `Deleted ${path}`;
    },
    async list(path: string, opts?: { source?: boolean }) {
      const base = resolve(root(opts));
      const start = locate(path || '/', opts);
      const out: { path: string; size: number; date: string; _id: string }[] = [];
      const walk = async (dir: string): Promise<void> => {
        let entries;
        try {
          entries = await readdir(dir, { withFileTypes: true });
        } catch {
          return;
        }
        for (const e of entries) {
          const full = join(dir, e.name);
          if (e.isDirectory()) await walk(full);
          else if (e.isFile()) {
            const s = await stat(full);
            const rel = '/' + relative(base, full).split(sep).join('/');
            out.push({ path: rel, size: s.size, date: s.mtime.toISOString(), _id: Buffer.from(rel).toString('hex').slice(0, 24) });
          }
        }
      };
      await walk(start);
      return out;
    },
  };
}

/** fs errors name the host's absolute path; the app and its clients (the static 404) see the store's path only. */
function hidePath(full: string, path: string) {
  return (err: NodeJS.ErrnoException): never => {
    err.message = err.message.split(full).join(path);
    if (err.stack) err.stack = err.stack.split(full).join(path);
    if (err.path) err.path = path;
    throw err;
  };
}

import type { Readable } from 'node:stream';

/** `source: true` reads the app's own deployed files (app.static, views); otherwise the blob store (FS-08). */
export interface FileOptions {
  source?: boolean;
  encoding?: BufferEncoding;
}

/** One entry of `list(path)` (FS-05). */
export interface FileEntry {
  path: string;
  size: number;
  date: string;
  _id: string;
}

/**
 * The file store as the SDK reaches it, the `_coho_fs` global (CONTRACT-03). It runs inside the coderunner
 * thread, on the blob folder under the data directory, so file bytes never cross threads.
 */
export interface FileStoreApi {
  getFileStream(path: string, options?: FileOptions): Promise<Readable>;
  readFile(path: string, options?: FileOptions): Promise<string>;
  saveFile(path: string, data: Readable | Uint8Array | string, options?: FileOptions): Promise<string>;
  deleteFile(path: string, options?: FileOptions): Promise<string>;
  list(path: string, options?: FileOptions): Promise<FileEntry[]>;
}

import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ServedFile } from './files/conditional.js';

/** Read size per chunk: fs streams' default, and a good size for one message to the main thread. */
export const FILE_CHUNK = 64 * 1024;

/** The file stream whose `data` event is being emitted right now, with its chunk (see `emittingFileStream`). */
let emitting: { stream: StoreFileStream; chunk: unknown } | null = null;

/**
 * The stream `_coho_fs.getFileStream` returns: an open file read chunk by chunk. It knows its file (size,
 * modification time, ETag), and while it emits a chunk it is findable from that chunk, so `res.write(chunk)`
 * called from the app's `data` listener (the SDK's `app.static` and the docs' download example do exactly that)
 * can tell that it is sending a file: it then applies backpressure, adds validators, and answers HEAD,
 * `If-None-Match` and `Range` itself (see response.worker.ts).
 */
export class StoreFileStream extends Readable {
  readonly file: ServedFile;
  #handle: FileHandle;
  #pos = 0;
  #emitted = 0;
  #detached = false;

  constructor(handle: FileHandle, file: ServedFile) {
    super({ highWaterMark: FILE_CHUNK });
    this.#handle = handle;
    this.file = file;
  }

  /** Bytes handed to `data` listeners so far. */
  get bytesEmitted(): number {
    return this.#emitted;
  }

  override _read(): void {
    if (this.#detached) return void this.push(null);
    const buf = Buffer.allocUnsafe(FILE_CHUNK);
    this.#handle.read(buf, 0, FILE_CHUNK, this.#pos).then(
      ({ bytesRead }) => {
        // Detached meanwhile: the stream has ended already.
        if (this.#detached) return;
        if (bytesRead === 0) return void this.push(null);
        this.#pos += bytesRead;
        this.push(bytesRead === FILE_CHUNK ? buf : buf.subarray(0, bytesRead));
      },
      (err: Error) => {
        if (!this.#detached) this.destroy(err);
      },
    );
  }

  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event !== 'data') return super.emit(event, ...args);
    const outer = emitting;
    emitting = { stream: this, chunk: args[0] };
    this.#emitted += (args[0] as Uint8Array).byteLength;
    try {
      return super.emit(event, ...args);
    } finally {
      emitting = outer;
    }
  }

  /**
   * The response serves the file from here on (HEAD, 304, a range): this stream ends at once (its `end`
   * listeners run, and their `res.end()` is then a no-op) and the open file passes to the caller, who closes it.
   */
  detach(): FileHandle {
    this.#detached = true;
    this.push(null);
    return this.#handle;
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    if (this.#detached) return cb(err);
    this.#handle.close().then(() => cb(err), (e: Error) => cb(err ?? e));
  }
}

/** The file stream that is emitting `chunk` right now, if `chunk` comes straight from one. */
export function emittingFileStream(chunk: unknown): StoreFileStream | null {
  return emitting !== null && emitting.chunk === chunk ? emitting.stream : null;
}

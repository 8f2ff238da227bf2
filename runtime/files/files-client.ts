import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { FileEntry } from '../../sdk/contract/files.js';
import { ADMIN_API } from '../admin/prefix.js';
import { AdminApiError, ServerUnreachableError, type CliIo } from '../queue/admin-client.js';

/** Gives up on a server that accepts the connection but never answers a listing or a delete. */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * The file routes of the admin API as `localhooks files` calls them: uploads and downloads stream from and to
 * local files (no size limit of memory), every call marked as a tool's (`x-localhooks-client`).
 */
export class FilesClient {
  readonly #io: CliIo;
  readonly #origin: string;

  constructor(io: CliIo, origin: string) {
    this.#io = io;
    this.#origin = origin;
  }

  async list(path: string): Promise<FileEntry[]> {
    const res = await this.#call(`/files?path=${encodeURIComponent(path)}`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    return ((await res.json()) as { files: FileEntry[] }).files;
  }

  async put(localFile: string, path: string): Promise<{ path: string; size: number }> {
    // Node's fetch streams a request body only in half-duplex mode, which the DOM typings do not know yet.
    const init: RequestInit & { duplex: 'half' } = {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: Readable.toWeb(createReadStream(localFile)) as ReadableStream<Uint8Array>,
      duplex: 'half',
    };
    const res = await this.#call(fileUrl(path), init);
    return (await res.json()) as { path: string; size: number };
  }

  /** Downloads to `localFile` through a part file beside it, so an interrupted download leaves no torn file. */
  async get(path: string, localFile: string | NodeJS.WritableStream): Promise<number> {
    const res = await this.#call(fileUrl(path), {});
    const body = Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
    if (typeof localFile !== 'string') {
      let bytes = 0;
      for await (const chunk of body) {
        bytes += (chunk as Buffer).byteLength;
        if (!localFile.write(chunk as Buffer)) await once(localFile, 'drain');
      }
      return bytes;
    }
    await mkdir(dirname(localFile), { recursive: true });
    const part = `${localFile}.part`;
    try {
      const out = createWriteStream(part);
      await pipeline(body, out);
      await rename(part, localFile);
      return out.bytesWritten;
    } catch (err) {
      await rm(part, { force: true });
      throw err;
    }
  }

  async remove(path: string, recursive: boolean): Promise<string[]> {
    const res = await this.#call(`${fileUrl(path)}${recursive ? '?recursive=true' : ''}`, { method: 'DELETE', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    return ((await res.json()) as { deleted: string[] }).deleted;
  }

  async #call(path: string, init: RequestInit): Promise<Response> {
    let res: Response;
    try {
      // The header marks a tool, not a web page: state-changing admin calls need it (docs/security.md).
      res = await this.#io.fetch(`${this.#origin}${ADMIN_API}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), 'x-localhooks-client': 'cli' } });
    } catch (err) {
      if ((err as Error).name === 'TimeoutError') throw new AdminApiError(`${this.#origin} did not answer within ${REQUEST_TIMEOUT_MS / 1000} s`, 0);
      throw new ServerUnreachableError(this.#origin);
    }
    if (res.ok) return res;
    const text = await res.text();
    let body: { error?: unknown; message?: unknown; code?: unknown } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      // not JSON: the status says it
    }
    if (res.status === 404 && body.code === undefined) throw new AdminApiError(`${this.#origin} answered 404 for ${ADMIN_API}/files: is it a localhooks server (0.1 or later)?`, 404);
    const message = typeof body.error === 'string' ? body.error : typeof body.message === 'string' ? body.message : `HTTP ${res.status}`;
    throw new AdminApiError(message, res.status, typeof body.code === 'string' ? body.code : undefined);
  }
}

/** Each segment encoded on its own, so `/` stays a separator and `#`, `?`, `%` stay part of a name. */
function fileUrl(path: string): string {
  return `/files/${path.split('/').filter((s) => s !== '').map(encodeURIComponent).join('/')}`;
}

import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { finished, Readable } from 'node:stream';
import type { RunnerRequest } from './contract/http.js';

const decoder = new TextDecoder();
const RELEASE = Symbol('release');
/** Shared by every bodiless request (most GETs); never written to. */
const NO_BODY = Buffer.alloc(0);

/** A body the gateway spooled to a file: opened as soon as the request arrives, so the gateway may delete it. */
interface SpooledBody {
  fd: number;
  size: number;
  released: boolean;
}

/**
 * The codehooks `req` (REQ-01…15). Data fields are own and enumerable, so `res.json(req)` prints the
 * platform's echo shape; aliases and stream methods live on the prototype, so the object stays JSON-safe
 * (REQ-12) and cheap to build per request.
 */
export class CodehooksRequest {
  hostname: string;
  headers: RunnerRequest['headers'];
  query: RunnerRequest['query'];
  path: string;
  apiPath: string;
  originalUrl: string;
  params: Record<string, string>;
  body: unknown;
  method: string;
  #raw: Buffer;
  readonly #spool: SpooledBody | null = null;
  readonly #ip: string;
  #rawText: string | undefined;
  #stream: Readable | undefined;

  constructor(r: RunnerRequest, params: Record<string, string>) {
    this.hostname = r.hostname;
    this.headers = r.headers;
    this.query = r.query;
    this.path = r.path;
    this.apiPath = r.apiPath;
    this.originalUrl = r.originalUrl;
    this.params = params;
    this.body = r.body;
    this.method = r.method;
    this.#raw = r.rawBody.byteLength === 0 ? NO_BODY : Buffer.from(r.rawBody.buffer, r.rawBody.byteOffset, r.rawBody.byteLength);
    this.#ip = r.ip;
    // Opened at once: the gateway deletes the file when the answer is done, and the open file outlives that.
    if (r.bodyFile) this.#spool = { fd: openSpool(r.bodyFile.path), size: r.bodyFile.size, released: false };
  }

  /** The exact body as sent (REQ-05), decoded on first read: most routes never look at it. */
  get rawBody(): string {
    return (this.#rawText ??= decoder.decode(this.#bytes()));
  }
  set rawBody(v: string) {
    this.#rawText = v;
  }
  get apipath(): string {
    return this.apiPath;
  }
  set apipath(v: string) {
    this.apiPath = v;
  }
  get url(): string {
    return this.originalUrl;
  }
  set url(v: string) {
    this.originalUrl = v;
  }
  get ip(): string {
    return this.#ip;
  }
  get connection(): { remoteAddress: string } {
    return { remoteAddress: this.#ip };
  }
  get socket(): { remoteAddress: string } {
    return { remoteAddress: this.#ip };
  }

  /** The body's bytes; a spooled one is read from its file on first use (an HMAC check over an upload). */
  #bytes(): Buffer {
    const spool = this.#spool;
    if (spool && this.#raw.byteLength === 0 && spool.size > 0) {
      if (spool.fd < 0) throw new Error('The request body is gone: read it before answering the request');
      const buf = Buffer.allocUnsafe(spool.size);
      for (let off = 0; off < spool.size; ) {
        const n = readSync(spool.fd, buf, off, spool.size - off, off);
        if (n === 0) throw new Error('The request body file ended early');
        off += n;
      }
      this.#raw = buf;
    }
    return this.#raw;
  }

  #body(): Readable {
    if (this.#stream) return this.#stream;
    const spool = this.#spool;
    if (!spool || this.#raw.byteLength > 0) return (this.#stream = Readable.from(this.#raw.byteLength ? [this.#raw] : []));
    if (spool.fd < 0) throw new Error('The request body is gone: read it before answering the request');
    // Read from the file at the pace of the consumer (a pipe into saveFile): memory stays flat for any size.
    const stream = createReadStream('', { fd: spool.fd, start: 0, autoClose: false });
    finished(stream, () => {
      if (spool.released) closeSpool(spool);
    });
    return (this.#stream = stream);
  }

  /** The answer is done: the body file is closed now, or once a stream still reading it finishes. */
  [RELEASE](): void {
    const spool = this.#spool;
    if (!spool || spool.released) return;
    spool.released = true;
    const s = this.#stream;
    if (!s || s.destroyed || s.readableEnded) closeSpool(spool);
  }
  pipe<T extends NodeJS.WritableStream>(dest: T, opts?: { end?: boolean }): T {
    return this.#body().pipe(dest, opts);
  }
  on(event: string, cb: (...a: unknown[]) => void): this {
    this.#body().on(event, cb);
    return this;
  }
  once(event: string, cb: (...a: unknown[]) => void): this {
    this.#body().once(event, cb);
    return this;
  }
  [Symbol.asyncIterator](): AsyncIterator<unknown> {
    return this.#body()[Symbol.asyncIterator]();
  }
}

/** -1 when the file is gone: the gateway gave up on the request (it timed out) before this thread got to it. */
function openSpool(path: string): number {
  try {
    return openSync(path, 'r');
  } catch {
    return -1;
  }
}

function closeSpool(spool: SpooledBody): void {
  if (spool.fd < 0) return;
  closeSync(spool.fd);
  spool.fd = -1;
}

/** Closes a spooled body's file once the request is answered (the dispatcher calls it). */
export function releaseBody(req: CodehooksRequest): void {
  req[RELEASE]();
}

export function createRequest(r: RunnerRequest, params: Record<string, string>): CodehooksRequest {
  return new CodehooksRequest(r, params);
}

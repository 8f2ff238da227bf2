import { Readable } from 'node:stream';
import type { RunnerRequest } from './contract/http.js';

const decoder = new TextDecoder();

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
  readonly #raw: Buffer;
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
    this.#raw = Buffer.from(r.rawBody.buffer, r.rawBody.byteOffset, r.rawBody.byteLength);
    this.#ip = r.ip;
  }

  /** The exact body as sent (REQ-05), decoded on first read: most routes never look at it. */
  get rawBody(): string {
    return (this.#rawText ??= decoder.decode(this.#raw));
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

  #body(): Readable {
    return (this.#stream ??= Readable.from(this.#raw.byteLength ? [this.#raw] : []));
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

export function createRequest(r: RunnerRequest, params: Record<string, string>): CodehooksRequest {
  return new CodehooksRequest(r, params);
}

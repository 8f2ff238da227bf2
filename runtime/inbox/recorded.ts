import { requestJson, type RunnerRequest } from '../runner/protocol.js';
import type { HeaderMap, InboxEntry } from './types.js';

type RequestPart = Pick<RunnerRequest, 'method' | 'originalUrl' | 'apiPath' | 'headers'>;

/**
 * An inbox entry as the ring holds it. Under load the ring keeps the last thousand requests alive for a while:
 * held as objects (headers, the answer's headers, two byte arrays each) they outlive the young generation and
 * the garbage collector copies and promotes them, which cost the main thread more than the rest of the
 * request. Once answered, an entry is kept as a few flat strings instead (the request as the JSON already sent
 * to the coderunner, bodies as latin1 strings, which map bytes one to one) and read back as objects on demand.
 */
export class RecordedEntry implements InboxEntry {
  status: number | null = null;
  responseSize = 0;
  responseTruncated = false;
  ms: number | null = null;
  error: { code: string; message: string } | null = null;
  /** While in flight: the request itself. Answered: its JSON, parsed again when read. */
  #request: RequestPart | string;
  #body: Uint8Array | string;
  #responseHeaders: HeaderMap | string = EMPTY_HEADERS;
  #responseBody: Uint8Array | string | null = null;
  /** The answered request's JSON parsed, once something read it (the dashboard, a replay). */
  #parsed: RequestPart | undefined;

  constructor(
    readonly id: number,
    readonly time: number,
    request: RunnerRequest,
    body: Uint8Array,
    readonly bodySize: number,
    readonly bodyTruncated: boolean,
    readonly replayOf: number | null,
  ) {
    this.#request = request;
    this.#body = body;
  }

  get method(): string {
    return this.#req().method;
  }
  get url(): string {
    return this.#req().originalUrl;
  }
  get path(): string {
    return this.#req().apiPath;
  }
  get headers(): HeaderMap {
    return this.#req().headers;
  }
  get body(): Uint8Array {
    return typeof this.#body === 'string' ? Buffer.from(this.#body, 'latin1') : this.#body;
  }
  get responseHeaders(): HeaderMap {
    return typeof this.#responseHeaders === 'string' ? (JSON.parse(this.#responseHeaders) as HeaderMap) : this.#responseHeaders;
  }
  set responseHeaders(h: HeaderMap) {
    this.#responseHeaders = h;
  }
  get responseBody(): Uint8Array | null {
    return typeof this.#responseBody === 'string' ? Buffer.from(this.#responseBody, 'latin1') : this.#responseBody;
  }
  set responseBody(b: Uint8Array | null) {
    this.#responseBody = b;
  }

  /** Answered: from now on only flat strings are kept. */
  compact(): void {
    if (typeof this.#request !== 'string') this.#request = requestJson(this.#request as RunnerRequest);
    if (typeof this.#body !== 'string') this.#body = latin1(this.#body);
    if (typeof this.#responseHeaders !== 'string') this.#responseHeaders = JSON.stringify(this.#responseHeaders);
    if (this.#responseBody !== null && typeof this.#responseBody !== 'string') this.#responseBody = latin1(this.#responseBody);
  }

  #req(): RequestPart {
    const r = this.#request;
    return typeof r === 'string' ? (this.#parsed ??= JSON.parse(r) as RequestPart) : r;
  }

  /** The entry as plain data (what the store writes, what tests compare). */
  toJSON(): InboxEntry {
    return {
      id: this.id,
      time: this.time,
      method: this.method,
      url: this.url,
      path: this.path,
      headers: this.headers,
      body: this.body,
      bodySize: this.bodySize,
      bodyTruncated: this.bodyTruncated,
      status: this.status,
      responseHeaders: this.responseHeaders,
      responseBody: this.responseBody,
      responseSize: this.responseSize,
      responseTruncated: this.responseTruncated,
      ms: this.ms,
      replayOf: this.replayOf,
      error: this.error,
    };
  }
}

const EMPTY_HEADERS: HeaderMap = Object.freeze({}) as HeaderMap;

function latin1(u: Uint8Array): string {
  return u.byteLength === 0 ? '' : Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString('latin1');
}

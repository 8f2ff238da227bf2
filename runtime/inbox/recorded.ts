import { headerMap, requestJson, type FlatHeaders, type GatewayRequest } from '../runner/protocol.js';
import { EntryArena } from './arena.js';
import type { HeaderMap, InboxEntry } from './types.js';

type RequestPart = Pick<GatewayRequest, 'method' | 'originalUrl' | 'apiPath' | 'headers'>;

/**
 * An inbox entry as the ring holds it. Under load the ring keeps the last thousand requests alive for a while:
 * held as objects (headers, the answer's headers, two byte arrays each) they outlive the young generation and
 * the garbage collector copies and promotes them, which cost the main thread more than the rest of the
 * request. Once answered, an entry keeps its request (the JSON already sent to the coderunner), its answer's
 * headers as JSON and both bodies as bytes in the inbox's arena (inbox/arena.ts), or as flat strings when they
 * do not fit there (latin1, which maps bytes one to one), and reads them back as objects on demand.
 */
export class RecordedEntry implements InboxEntry {
  status: number | null = null;
  responseSize = 0;
  responseTruncated = false;
  ms: number | null = null;
  error: { code: string; message: string } | null = null;
  /** While in flight: the request itself. Answered: its JSON ('' while the bytes are in the arena). */
  #request: RequestPart | string;
  #body: Uint8Array | string;
  /** An answer's headers arrive as name, value pairs (runner/protocol.ts) and are shown as an object. */
  #responseHeaders: HeaderMap | FlatHeaders | string = EMPTY_HEADERS;
  #responseBody: Uint8Array | string | null = null;
  /** The answered request parsed, once something read it (the dashboard, a replay). */
  #parsed: RequestPart | undefined;
  /** Where the answered entry's bytes are, and their lengths: request JSON, headers JSON, body, answer body. */
  #arena: EntryArena | null = null;
  #at = 0;
  #requestBytes = 0;
  #headersBytes = 0;
  #bodyBytes = 0;
  #answerBytes = 0;

  constructor(
    readonly id: number,
    readonly time: number,
    request: GatewayRequest,
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
    if (this.#arena) return this.#copy(2);
    return typeof this.#body === 'string' ? Buffer.from(this.#body, 'latin1') : this.#body;
  }
  get responseHeaders(): HeaderMap {
    const h = this.#arena ? (JSON.parse(this.#text(1)) as HeaderMap | FlatHeaders) : typeof this.#responseHeaders === 'string' ? (JSON.parse(this.#responseHeaders) as HeaderMap | FlatHeaders) : this.#responseHeaders;
    return Array.isArray(h) ? headerMap(h) : h;
  }
  set responseHeaders(h: HeaderMap | FlatHeaders) {
    this.#responseHeaders = h;
  }
  get responseBody(): Uint8Array | null {
    if (this.#arena) return this.#responseBody === null ? null : this.#copy(3);
    return typeof this.#responseBody === 'string' ? Buffer.from(this.#responseBody, 'latin1') : this.#responseBody;
  }
  set responseBody(b: Uint8Array | null) {
    this.#responseBody = b;
  }

  /** False once a newer entry took this one's arena slot (it left the ring long ago): its bytes are gone. */
  get readable(): boolean {
    return this.#arena === null || this.#arena.holds(this.id);
  }

  /** Answered: from now on the entry holds no objects of the request or its answer. */
  compact(arena: EntryArena | null): void {
    if (typeof this.#request === 'string' || this.#arena) return;
    const json = requestJson(this.#request as GatewayRequest);
    const headers = JSON.stringify(this.#responseHeaders);
    const body = this.#body as Uint8Array;
    const answer = this.#responseBody as Uint8Array | null;
    const lb = (this.#bodyBytes = body.byteLength);
    this.#answerBytes = answer?.byteLength ?? 0;
    // UTF-8 takes at most 3 bytes per UTF-16 unit: most entries fit a slot without counting their bytes first.
    const bound = (json.length + headers.length) * 3 + lb + this.#answerBytes;
    const size = arena === null ? -1 : bound <= EntryArena.SLOT_BYTES ? bound : Buffer.byteLength(json) + Buffer.byteLength(headers) + lb + this.#answerBytes;
    const at = arena ? arena.claim(this.id, size) : -1;
    if (at >= 0) {
      const bytes = arena!.bytes;
      const lq = (this.#requestBytes = bytes.write(json, at));
      const lh = (this.#headersBytes = bytes.write(headers, at + lq));
      bytes.set(body, at + lq + lh);
      if (answer) bytes.set(answer, at + lq + lh + lb);
      this.#arena = arena;
      this.#at = at;
      this.#request = '';
      this.#body = '';
      this.#responseHeaders = '';
      if (answer) this.#responseBody = '';
      return;
    }
    this.#request = json;
    this.#body = latin1(body);
    this.#responseHeaders = headers;
    if (answer) this.#responseBody = latin1(answer);
  }

  #req(): RequestPart {
    const r = this.#request;
    if (typeof r !== 'string') return r;
    return (this.#parsed ??= JSON.parse(this.#arena ? this.#text(0) : r) as RequestPart);
  }

  /** Part `i` of the entry's arena bytes (request JSON, headers JSON, body, answer body): its start and end. */
  #span(i: number): [number, number] {
    const sizes = [this.#requestBytes, this.#headersBytes, this.#bodyBytes, this.#answerBytes];
    let at = this.#at;
    for (let k = 0; k < i; k++) at += sizes[k]!;
    return [at, at + sizes[i]!];
  }

  #text(i: number): string {
    if (!this.readable) return i === 0 ? GONE_REQUEST : '{}';
    const [start, end] = this.#span(i);
    return this.#arena!.bytes.toString('utf8', start, end);
  }

  #copy(i: number): Uint8Array {
    if (!this.readable) return new Uint8Array(0);
    const [start, end] = this.#span(i);
    return Uint8Array.prototype.slice.call(this.#arena!.bytes, start, end);
  }

  /** The entry as plain data (what the store writes, what a replay's waiter gets). */
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
const GONE_REQUEST = JSON.stringify({ method: '', originalUrl: '', apiPath: '', headers: {} });

function latin1(u: Uint8Array): string {
  return u.byteLength === 0 ? '' : Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString('latin1');
}

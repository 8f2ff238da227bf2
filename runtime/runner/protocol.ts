import type { QueueRecord } from '../queue/types.js';
import type { CallMethod, StreamMethod } from '../../sdk/contract/calls.js';
import type { HeaderValue, RunnerRequest } from '../../sdk/contract/http.js';
import { parseQuery } from '../server/body.js';

/** Messages between the main thread and a coderunner worker thread. Everything here survives structured clone. */
export type { RunnerRequest } from '../../sdk/contract/http.js';

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  code?: string;
  status?: number;
  schemaError?: unknown;
}

export interface ManifestSummary {
  routes: string[];
  auth: string[];
  middleware: number;
  workers: Record<string, { workers?: number; timeout?: number }>;
  jobs: string[];
  realtime: string[];
  hasStartup: boolean;
}

/** Header fields as name, value, name, value… (`res.writeHead` takes them so); names are lower-case, each once. */
export type FlatHeaders = (string | string[])[];

/**
 * The two messages of every app request cross as arrays, not objects: structured clone then writes and reads no
 * property names and the receiving thread looks none up (a batch of answers is read in ~0.4 µs each on the main
 * thread instead of ~1 µs). Every other message is an object with a `type`.
 */
export type RequestTuple = [id: number, req: WireRequest];
/** A whole answer: the app's status, headers and body. */
export type AnswerTuple = [id: number, status: number, headers: FlatHeaders, body: Uint8Array];

export type ToWorker =
  | RequestTuple
  /** `observed`: prefixes of collections whose calls the main thread must see (null: all of them). */
  | { type: 'load'; bundlePath: string; observed: readonly string[] | null }
  | { type: 'abort'; id: number }
  /** The socket took `bytes` of a streamed answer's chunks: the worker may send more (backpressure). */
  | { type: 'response-ack'; id: number; bytes: number }
  | { type: 'queue-call'; id: number; topic: string; payload: unknown }
  | { type: 'job-call'; id: number; expr: string }
  | { type: 'rpc-result'; id: number; ok: true; value: unknown }
  | { type: 'rpc-result'; id: number; ok: false; error: SerializedError }
  | { type: 'ping'; id: number }
  | { type: 'startup' };

export type FromWorker =
  | AnswerTuple
  | { type: 'booted' }
  | { type: 'loaded'; manifest: ManifestSummary }
  | { type: 'load-error'; error: SerializedError; kind: 'no-manifest' | 'throw' }
  | { type: 'started'; error?: SerializedError }
  | { type: 'response-head'; id: number; status: number; headers: FlatHeaders }
  | { type: 'response-chunk'; id: number; chunk: Uint8Array }
  | { type: 'response-end'; id: number }
  | { type: 'response-abort'; id: number; reason: string }
  | { type: 'call-done'; id: number; error?: SerializedError }
  | { type: 'rpc'; id: number; op: 'call'; method: CallMethod; args: unknown[] }
  /** A call the coderunner answered from the shared store, for the main thread's observers (realtime, the dashboard). */
  | { type: 'observed'; method: CallMethod; args: readonly unknown[]; result: unknown }
  /** An item the coderunner wrote into the shared store's queue, for the broker to deliver (`load`: see direct-control.ts). */
  | { type: 'enqueued'; record: QueueRecord; load: number }
  | { type: 'rpc'; id: number; op: 'iter-open'; method: StreamMethod; args: unknown[] }
  | { type: 'rpc'; id: number; op: 'iter-next'; cursor: number }
  | { type: 'rpc'; id: number; op: 'iter-close'; cursor: number }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; text: string }
  | { type: 'pong'; id: number };

/**
 * A request as it crosses to the coderunner. Structured clone of the request's objects (headers, query, a JSON
 * body) cost the main thread more than the rest of the hop; as one JSON string they cost a copy. A request
 * without a body crosses as that string alone. A JSON body is parsed again from its bytes in the coderunner
 * (the gateway parsed it once to refuse a malformed one), so numbers JSON cannot write back (`1e400`) reach
 * the app as the platform parses them.
 */
export type WireRequest =
  | string
  | {
      /** The request without `body`, `rawBody` and `bodyFile`, as JSON. */
      json: string;
      /** Left out when empty. */
      rawBody?: Uint8Array;
      /** `'raw'`: parse `rawBody` as JSON; otherwise the parsed body itself (a form's fields, text); left out for `{}`. */
      body?: { from: 'raw' } | { value: unknown };
      bodyFile?: { path: string; size: number };
    };

/**
 * A request as the main thread holds and sends it. `path`, `query` and `hostname` follow from `originalUrl` and
 * the Host header, so the coderunner derives them (decodeRequest): parsing a query string and writing its
 * object into the JSON was main-thread work, and the main thread is the bottleneck of app traffic.
 */
export type GatewayRequest = Omit<RunnerRequest, 'path' | 'query' | 'hostname'>;

const JSON_OF = Symbol('json');

/**
 * The request without its body as JSON, made once per request: the request inbox keeps this string instead of
 * the request's objects (see inbox/recorded.ts).
 */
export function requestJson(req: GatewayRequest): string {
  const memo = req as GatewayRequest & { [JSON_OF]?: string };
  return (memo[JSON_OF] ??= JSON.stringify({
    method: req.method,
    apiPath: req.apiPath,
    originalUrl: req.originalUrl,
    headers: req.headers,
    ip: req.ip,
    authenticated: req.authenticated,
  }));
}

export function encodeRequest(req: GatewayRequest, bodyIsJson: boolean): WireRequest {
  const json = requestJson(req);
  const { body, rawBody, bodyFile } = req;
  const empty = !bodyIsJson && isEmptyObject(body);
  if (rawBody.byteLength === 0 && empty && !bodyFile) return json;
  const wire: Exclude<WireRequest, string> = { json };
  if (rawBody.byteLength > 0) wire.rawBody = ownBytes(rawBody);
  if (bodyIsJson) wire.body = { from: 'raw' };
  else if (!empty) wire.body = { value: body };
  if (bodyFile) wire.bodyFile = bodyFile;
  return wire;
}

/** Own fields only, as structured clone of the object took them: a polluted Object.prototype adds none. */
export function flatHeaders(h: Record<string, HeaderValue>): FlatHeaders {
  const out: FlatHeaders = [];
  const keys = Object.keys(h);
  for (let i = 0; i < keys.length; i++) out.push(keys[i]!, h[keys[i]!]!);
  return out;
}

/** The value of `name` (lower-case) in `h`, or undefined. */
export function headerOf(h: FlatHeaders, name: string): HeaderValue | undefined {
  for (let i = 0; i < h.length; i += 2) if (h[i] === name) return h[i + 1];
  return undefined;
}

/** Sets `name` (lower-case) to `value`, replacing the value it had. */
export function setHeader(h: FlatHeaders, name: string, value: HeaderValue): void {
  for (let i = 0; i < h.length; i += 2) if (h[i] === name) return void (h[i + 1] = value);
  h.push(name, value);
}

/** Adds the fields of `extra` that `h` does not have (CORS headers beside the app's own). */
export function addMissing(h: FlatHeaders, extra: Readonly<Record<string, string>>): void {
  for (const k in extra) if (Object.hasOwn(extra, k) && headerOf(h, k) === undefined) h.push(k, extra[k]!);
}

/** The fields as an object (what the request inbox shows). */
export function headerMap(h: FlatHeaders): Record<string, HeaderValue> {
  const out: Record<string, HeaderValue> = {};
  for (let i = 0; i < h.length; i += 2) {
    const k = h[i] as string;
    // A field named `__proto__` stays a field.
    if (k === '__proto__') Object.defineProperty(out, k, { value: h[i + 1], enumerable: true, writable: true, configurable: true });
    else out[k] = h[i + 1]!;
  }
  return out;
}

const utf8 = new TextDecoder();
const NO_BYTES = new Uint8Array(0);

export function decodeRequest(wire: WireRequest): RunnerRequest {
  if (typeof wire === 'string') {
    const req = derived(JSON.parse(wire) as RunnerRequest);
    req.rawBody = NO_BYTES;
    req.body = {};
    return req;
  }
  const req = derived(JSON.parse(wire.json) as RunnerRequest);
  req.rawBody = wire.rawBody ?? NO_BYTES;
  req.body = !wire.body ? {} : 'from' in wire.body ? JSON.parse(utf8.decode(req.rawBody)) : wire.body.value;
  if (wire.bodyFile) req.bodyFile = wire.bodyFile;
  return req;
}

function derived(req: RunnerRequest): RunnerRequest {
  const url = req.originalUrl;
  const q = url.indexOf('?');
  req.path = q === -1 ? url : url.slice(0, q);
  req.query = q === -1 ? {} : parseQuery(url.slice(q + 1));
  req.hostname = requestHostname(req.headers.host as string | undefined);
  return req;
}

/** `req.hostname` as the app sees it: the Host header without its port, as sent (server/host-check.ts normalises its own). */
function requestHostname(host: string | undefined): string {
  if (!host) return 'localhost';
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.indexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}

function isEmptyObject(v: unknown): boolean {
  if (v === null || typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return false;
  for (const _ in v) return false;
  return true;
}

/**
 * Bytes to post to the other thread. Structured clone copies a view's whole backing buffer (a socket read's
 * 64 KB, the 8 KB Buffer pool), so a view into a larger buffer is cut to its own copy first.
 */
export function ownBytes(u: Uint8Array): Uint8Array {
  return u.byteOffset === 0 && u.byteLength === u.buffer.byteLength ? u : new Uint8Array(u);
}

export function serializeError(err: unknown): SerializedError {
  if (err instanceof Error) {
    const e = err as Error & { code?: unknown; status?: unknown; schemaError?: unknown };
    const out: SerializedError = { name: e.name, message: e.message, stack: e.stack };
    if (typeof e.code === 'string') out.code = e.code;
    if (typeof e.status === 'number') out.status = e.status;
    if (e.schemaError !== undefined) out.schemaError = e.schemaError;
    return out;
  }
  if (err && typeof err === 'object') {
    const o = err as { message?: unknown; schemaError?: unknown };
    const out: SerializedError = { name: 'Error', message: typeof o.message === 'string' ? o.message : safeJson(err) };
    if (o.schemaError !== undefined) out.schemaError = o.schemaError;
    return out;
  }
  return { name: 'Error', message: String(err) };
}

/** Rebuilds an Error the app can catch, keeping `code`, `status` and `schemaError`. */
export function deserializeError(s: SerializedError): Error {
  const err = new Error(s.message) as Error & Record<string, unknown>;
  err.name = s.name;
  if (s.stack) err.stack = s.stack;
  if (s.code !== undefined) err.code = s.code;
  if (s.status !== undefined) err.status = s.status;
  if (s.schemaError !== undefined) err.schemaError = s.schemaError;
  return err;
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

import type { ServerResponse } from 'node:http';
import { isLocalhooksError, LocalhooksError } from '../errors.js';

/** Gateway error codes; every one is documented in docs/errors.md. */
export const GATEWAY_ERRORS = {
  LH_BAD_JSON: 400,
  LH_BAD_REQUEST: 400,
  LH_BAD_URL: 400,
  LH_BODY_TOO_LARGE: 413,
  LH_URL_TOO_LONG: 414,
  LH_HEADERS_TOO_LARGE: 431,
  LH_REQUEST_TIMEOUT: 408,
  LH_AUTH_REQUIRED: 401,
  LH_AUTH_INVALID_KEY: 401,
  LH_HOST_NOT_ALLOWED: 403,
  LH_CORS_FORBIDDEN: 403,
  LH_ADMIN_CROSS_ORIGIN: 403,
  LH_ADMIN_CSRF: 403,
  LH_ROUTE_NOT_FOUND: 404,
  LH_RUNNER_LOST: 502,
  LH_APP_NOT_READY: 503,
  LH_HANDLER_TIMEOUT: 504,
  LH_INTERNAL: 500,
} as const;

export type GatewayErrorCode = keyof typeof GATEWAY_ERRORS;

export function gatewayError(code: GatewayErrorCode, message: string, cause?: unknown): LocalhooksError {
  return new LocalhooksError(code, message, { status: GATEWAY_ERRORS[code], cause });
}

export interface ErrorBody {
  error: string;
  code?: string;
  /** ajv's errors, for LH_DB_SCHEMA. */
  schemaError?: unknown;
}

/**
 * Where the error came from: `localhooks` (gateway, admin API, HTTP parser) or `app` (the app's own handler
 * threw). An unknown error from localhooks is a fault of ours (LH_INTERNAL); one from the app keeps its
 * message and no code, as on the platform.
 */
export type ErrorSource = 'localhooks' | 'app';

/**
 * The one place an error becomes an HTTP status and JSON body: the gateway, the admin API, the HTTP parser's
 * client errors and the coderunner all call it. An error that carries an `LH_*` code and a status keeps them,
 * also when it crossed the thread boundary as a plain Error (a datastore limit hit inside a workflow step).
 */
export function errorResponse(err: unknown, source: ErrorSource = 'localhooks'): { status: number; body: ErrorBody } {
  if (isLocalhooksError(err)) return { status: err.status, body: err.toJSON() };
  const e = err as { statusCode?: unknown; status?: unknown; code?: unknown; message?: unknown; schemaError?: unknown } | null | undefined;
  const message = err instanceof Error ? err.message : typeof err === 'string' ? err : typeof e?.message === 'string' && source === 'localhooks' ? e.message : safeJson(err);
  if (typeof e?.code === 'string' && e.code.startsWith('LH_') && isErrorStatus(e.status)) {
    return { status: e.status, body: e.schemaError === undefined ? { error: message, code: e.code } : { error: message, code: e.code, schemaError: e.schemaError } };
  }
  if (e?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { status: 413, body: { error: message || 'Request body is too large', code: 'LH_BODY_TOO_LARGE' } };
  if (source === 'localhooks' && typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return { status: e.statusCode, body: { error: message, code: 'LH_BAD_REQUEST' } };
  }
  if (source === 'app') return { status: 500, body: { error: message } };
  return { status: 500, body: { error: message, code: 'LH_INTERNAL' } };
}

/**
 * Writes an error as JSON on a response that has not started; a started one can only be cut off. The code also
 * rides in `x-localhooks-error` (as on the LLM endpoint), so that a HEAD request's answer carries it too.
 */
export function sendError(res: ServerResponse, err: unknown, headers: Record<string, string> = {}): { status: number; body: ErrorBody } {
  const out = errorResponse(err);
  if (res.headersSent) {
    res.destroy();
    return out;
  }
  const text = JSON.stringify(out.body);
  const code = out.body.code ? { 'x-localhooks-error': out.body.code } : {};
  res.writeHead(out.status, { ...headers, ...code, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
  return out;
}

/** The same answer as raw bytes, for a socket the HTTP parser gave up on (no ServerResponse exists). */
export function rawErrorResponse(err: unknown): string {
  const { status, body } = errorResponse(err);
  const text = JSON.stringify(body);
  return `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nx-localhooks-error: ${body.code}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`;
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 413: 'Payload Too Large', 414: 'URI Too Long', 431: 'Request Header Fields Too Large' };

function isErrorStatus(s: unknown): s is number {
  return typeof s === 'number' && Number.isInteger(s) && s >= 400 && s < 600;
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

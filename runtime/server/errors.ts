import { isLocalhooksError, LocalhooksError } from '../errors.js';

/** Gateway error codes; every one is documented in docs/errors.md. */
export const GATEWAY_ERRORS = {
  LH_BAD_JSON: 400,
  LH_BAD_REQUEST: 400,
  LH_BODY_TOO_LARGE: 413,
  LH_AUTH_REQUIRED: 401,
  LH_AUTH_INVALID_KEY: 401,
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

/** The one place an error becomes an HTTP status and JSON body, for the gateway and the admin API alike. */
export function errorResponse(err: unknown): { status: number; body: { error: string; code: string } } {
  if (isLocalhooksError(err)) return { status: err.status, body: err.toJSON() };
  const e = err as { statusCode?: number; code?: string; message?: string };
  if (e?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { status: 413, body: { error: e.message ?? 'Request body is too large', code: 'LH_BODY_TOO_LARGE' } };
  if (e?.statusCode && e.statusCode >= 400 && e.statusCode < 500) return { status: e.statusCode, body: { error: String(e.message), code: 'LH_BAD_REQUEST' } };
  return { status: 500, body: { error: String(e?.message ?? err), code: 'LH_INTERNAL' } };
}

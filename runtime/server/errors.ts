import { LocalhooksError } from '../errors.js';

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

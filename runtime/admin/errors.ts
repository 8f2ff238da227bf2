import { LocalhooksError } from '../errors.js';

/** Stable codes of the data admin API and the data commands; each is a row in docs/errors.md. */
export const ADMIN_ERRORS = {
  LH_ADMIN_BAD_REQUEST: 400,
  LH_ADMIN_PAGE_TOO_LARGE: 400,
  LH_ADMIN_UNKNOWN_COLLECTION: 404,
  LH_ADMIN_NOT_FOUND: 404,
  LH_IMPORT_INVALID: 400,
} as const;

export type AdminErrorCode = keyof typeof ADMIN_ERRORS;

export class AdminError extends LocalhooksError {
  constructor(code: AdminErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, { status: ADMIN_ERRORS[code], cause: options.cause });
    this.name = 'AdminError';
  }
}

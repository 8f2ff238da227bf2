import { LocalhooksError } from '../errors.js';

/** Stable codes of the request inbox; each is a row in docs/errors.md. */
export const INBOX_ERRORS = {
  LH_INBOX_NOT_FOUND: 404,
  LH_INBOX_BAD_REQUEST: 400,
  LH_INBOX_TRUNCATED: 409,
  LH_INBOX_SEND_FAILED: 502,
} as const;

export type InboxErrorCode = keyof typeof INBOX_ERRORS;

export class InboxError extends LocalhooksError {
  constructor(code: InboxErrorCode, message: string) {
    super(code, message, { status: INBOX_ERRORS[code] });
    this.name = 'InboxError';
  }
}

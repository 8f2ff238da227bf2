import { LocalhooksError } from '../errors.js';

/** Stable codes of the webhook sender; each is a row in docs/errors.md. */
export const WEBHOOK_ERRORS = {
  LH_WEBHOOK_UNKNOWN_PROVIDER: 404,
  LH_WEBHOOK_UNKNOWN_EVENT: 404,
  LH_WEBHOOK_BAD_REQUEST: 400,
} as const;

export type WebhookErrorCode = keyof typeof WEBHOOK_ERRORS;

export class WebhookError extends LocalhooksError {
  constructor(code: WebhookErrorCode, message: string) {
    super(code, message, { status: WEBHOOK_ERRORS[code] });
    this.name = 'WebhookError';
  }
}

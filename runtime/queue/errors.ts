import { LocalhooksError } from '../errors.js';

/** Stable codes of the queue broker; each is a row in docs/errors.md. */
export const QUEUE_ERRORS = {
  LH_QUEUE_INVALID_TOPIC: 400,
  LH_QUEUE_INVALID_DATE: 400,
  LH_QUEUE_INVALID_PAYLOAD: 400,
  LH_QUEUE_NO_QUERY: 501,
  LH_QUEUE_ATTACHED: 409,
  LH_QUEUE_CLOSED: 503,
  LH_QUEUE_UNKNOWN_ITEM: 404,
} as const;

export type QueueErrorCode = keyof typeof QUEUE_ERRORS;

export class QueueError extends LocalhooksError {
  constructor(code: QueueErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, { status: QUEUE_ERRORS[code], cause: options.cause });
    this.name = 'QueueError';
  }
}

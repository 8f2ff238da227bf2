import { LocalhooksError } from '../errors.js';

/** Stable codes of the cron service; each is a row in docs/errors.md. */
export const CRON_ERRORS = {
  LH_CRON_UNKNOWN_JOB: 404,
} as const;

export type CronErrorCode = keyof typeof CRON_ERRORS;

export class CronError extends LocalhooksError {
  constructor(code: CronErrorCode, message: string) {
    super(code, message, { status: CRON_ERRORS[code] });
    this.name = 'CronError';
  }
}

import { LocalhooksError } from '../errors.js';

/** Stable codes of the time service (`localhooks time`); each is a row in docs/errors.md. */
export const TIME_ERRORS = {
  LH_TIME_BAD_VALUE: 400,
  LH_TIME_NOT_MOVABLE: 409,
} as const;

export class TimeError extends LocalhooksError {
  constructor(code: keyof typeof TIME_ERRORS, message: string) {
    super(code, message, { status: TIME_ERRORS[code] });
    this.name = 'TimeError';
  }
}

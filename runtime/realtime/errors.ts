import { LocalhooksError } from '../errors.js';

/** Stable codes of the realtime service; each is a row in docs/errors.md. */
export const REALTIME_ERRORS = {
  LH_RT_UNKNOWN_LISTENER: 404,
  LH_RT_INVALID_CHANNEL: 400,
} as const;

export type RealtimeErrorCode = keyof typeof REALTIME_ERRORS;

export class RealtimeError extends LocalhooksError {
  constructor(code: RealtimeErrorCode, message: string) {
    super(code, message, { status: REALTIME_ERRORS[code] });
    this.name = 'RealtimeError';
  }
}

import { readDuration, readInstant } from '../duration.js';
import { TestKitError } from './errors.js';

const bad = (message: string) => new TestKitError('BAD_ARGUMENT', message);

/**
 * Milliseconds from a number of ms or text like `'25h'`, `'61m'`, `'1h30m'`, `'90s'`, `'500ms'`, `'2d'`, `'1w'`.
 * Zero is allowed; negative amounts and unknown units are a clear error (LH_TEST_BAD_ARGUMENT).
 */
export function parseDuration(value: unknown, what = 'duration'): number {
  return readDuration(value, what, bad);
}

/** Epoch milliseconds from a Date, an ISO string or a number. */
export function parseInstant(value: unknown, what = 'time'): number {
  return readInstant(value, what, bad);
}

import type { SerializedError } from './types.js';

/** Retry delays by failed attempt (bullmq's exponential backoff with a 1 s base, capped at one minute). */
export const BACKOFF_MS: readonly number[] = [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000];

/** Three attempts like the summarizer's own OpenAI helper; enough to ride out a flaky call locally. */
export const DEFAULT_MAX_ATTEMPTS = 3;

export interface RetryPolicy {
  maxAttempts: number;
  backoff: readonly number[];
}

export type RetryDecision = { action: 'retry'; delayMs: number } | { action: 'dead'; reason: string };

/**
 * Pure: what happens after attempt number `attempt` (1-based) failed with `error`.
 * An error flagged `unrecoverable: true` (bullmq's UnrecoverableError idea) skips the remaining attempts.
 */
export function decideRetry(
  attempt: number,
  error: unknown,
  policy: RetryPolicy = { maxAttempts: DEFAULT_MAX_ATTEMPTS, backoff: BACKOFF_MS },
): RetryDecision {
  if (isUnrecoverable(error)) return { action: 'dead', reason: 'unrecoverable error' };
  if (attempt >= policy.maxAttempts) return { action: 'dead', reason: `failed ${attempt} of ${policy.maxAttempts} attempts` };
  const table = policy.backoff.length > 0 ? policy.backoff : [0];
  return { action: 'retry', delayMs: table[Math.min(attempt, table.length) - 1] ?? 0 };
}

function isUnrecoverable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { unrecoverable?: unknown }).unrecoverable === true;
}

/** Errors are stored as plain `{message, stack}` so they survive JSON (and read back like the platform's docs show). */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const out: SerializedError = { message: error.message, name: error.name };
    if (error.stack) out.stack = error.stack;
    return out;
  }
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    const e = error as { message: string; stack?: unknown };
    return typeof e.stack === 'string' ? { message: e.message, stack: e.stack } : { message: e.message };
  }
  return { message: String(error) };
}

/**
 * The one base error of localhooks. Every service narrows its codes in its own `errors.ts`; the gateway turns
 * these into HTTP responses in one place. Every code is listed in docs/errors.md (a test keeps the two in step).
 */
export class LocalhooksError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(code: string, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LocalhooksError';
    this.code = code;
    this.status = options.status ?? 500;
  }

  toJSON(): { error: string; code: string } {
    return { error: this.message, code: this.code };
  }
}

export function isLocalhooksError(err: unknown): err is LocalhooksError {
  return err instanceof LocalhooksError;
}

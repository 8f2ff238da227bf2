/**
 * The one base error of localhooks, raised to apps and to HTTP clients alike (`err.code`, `err.status`). It lives
 * in sdk/ because app-side code (DataStream) raises it too; the runtime's services narrow the codes in their own
 * `errors.ts`, and the gateway turns these errors into responses in one place. Every code is listed in
 * docs/errors.md (a test keeps the two in step).
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

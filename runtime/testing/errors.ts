import { LocalhooksError } from '../errors.js';

/** Codes of the test kit (`localhooks/testing`); each is a row in docs/errors.md. */
export const TEST_KIT_ERRORS = {
  BAD_ARGUMENT: { code: 'LH_TEST_BAD_ARGUMENT', status: 400 },
  SYSTEM_CLOCK: { code: 'LH_TEST_SYSTEM_CLOCK', status: 409 },
  TIMEOUT: { code: 'LH_TEST_TIMEOUT', status: 504 },
} as const;

export class TestKitError extends LocalhooksError {
  constructor(kind: keyof typeof TEST_KIT_ERRORS, message: string, options: { cause?: unknown } = {}) {
    const { code, status } = TEST_KIT_ERRORS[kind];
    super(code, message, { status, cause: options.cause });
    this.name = 'TestKitError';
  }
}

import { LocalhooksError } from '../errors.js';

/** Stable codes of snapshots (`localhooks snapshot`); each is a row in docs/errors.md. */
export const SNAPSHOT_ERRORS = {
  LH_SNAPSHOT_BAD_NAME: 400,
  LH_SNAPSHOT_NOT_FOUND: 404,
  LH_SNAPSHOT_EXISTS: 409,
} as const;

export class SnapshotError extends LocalhooksError {
  constructor(code: keyof typeof SNAPSHOT_ERRORS, message: string) {
    super(code, message, { status: SNAPSHOT_ERRORS[code] });
    this.name = 'SnapshotError';
  }
}

import { LocalhooksError } from '../errors.js';

/**
 * Every code the datastore raises, with its HTTP status. Apps catch these (`err.code`, `err.message`);
 * docs/errors.md lists each one (a test keeps the two in step).
 */
export const DB_ERROR_CODES = {
  LH_DB_INVALID_COLLECTION: 400,
  LH_DB_INVALID_DOCUMENT: 400,
  LH_DB_INVALID_ID: 400,
  LH_DB_INVALID_QUERY: 400,
  LH_DB_INVALID_UPDATE: 400,
  LH_DB_INVALID_INDEX: 400,
  LH_DB_INVALID_SCHEMA: 400,
  LH_DB_SCHEMA: 400,
  LH_DB_NOT_FOUND: 404,
  LH_DB_DUPLICATE_ID: 409,
  LH_DB_TOO_LARGE: 413,
  LH_DB_STREAM_CONSUMED: 409,
  LH_DB_UNKNOWN_METHOD: 501,
  LH_DB_CLOSED: 503,
  LH_KV_INVALID_KEY: 400,
  LH_KV_INVALID_VALUE: 400,
  LH_KV_INVALID_OPTIONS: 400,
} as const;

export type DbErrorCode = keyof typeof DB_ERROR_CODES;

export class DatastoreError extends LocalhooksError {
  declare readonly code: DbErrorCode;

  constructor(code: DbErrorCode, message: string, cause?: unknown) {
    super(code, message, { status: DB_ERROR_CODES[code], cause });
    this.name = 'DatastoreError';
  }
}

/** A JSON-schema failure: `schemaError` is ajv's errors array, which apps return as their 400 body (DB-04). */
export class SchemaValidationError extends DatastoreError {
  readonly schemaError: unknown[];

  constructor(collection: string, errors: unknown[]) {
    const first = errors[0] as { instancePath?: string; message?: string } | undefined;
    const where = first?.instancePath ? ` at ${first.instancePath}` : '';
    super('LH_DB_SCHEMA', `Document does not match the JSON schema of collection "${collection}"${where}: ${first?.message ?? 'invalid'}`);
    this.schemaError = errors;
  }

  override toJSON(): { error: string; code: string; schemaError: unknown[] } {
    return { ...super.toJSON(), schemaError: this.schemaError };
  }
}

export function dbError(code: DbErrorCode, message: string, cause?: unknown): DatastoreError {
  return new DatastoreError(code, message, cause);
}

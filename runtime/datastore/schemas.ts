import type { ValidateFunction } from 'ajv';
import { loadAjv } from '../lazy-ajv.js';
import { dbError, SchemaValidationError } from './errors.js';
import { isPlainObject } from './storable.js';

/**
 * JSON-schema validation per collection (DB-04, DB-24): draft-07 with ajv formats (email, date-time …).
 * Each schema gets its own ajv instance, so two collections may use the same `$id`.
 */
export class SchemaValidators {
  readonly #compiled = new Map<string, { schema: object; validate: ValidateFunction }>();

  /** Compiles a schema, rejecting an invalid one (LH_DB_INVALID_SCHEMA) before it is stored. */
  compile(collection: string, schema: unknown): ValidateFunction {
    if (!isPlainObject(schema) && typeof schema !== 'boolean') {
      throw dbError('LH_DB_INVALID_SCHEMA', `The schema for collection "${collection}" must be a JSON schema object`);
    }
    try {
      const { Ajv, addFormats } = loadAjv();
      const instance = new Ajv({ allErrors: true, strict: false });
      addFormats(instance);
      return instance.compile(schema as object);
    } catch (err) {
      throw dbError('LH_DB_INVALID_SCHEMA', `The schema for collection "${collection}" is invalid: ${(err as Error).message}`, err);
    }
  }

  /** Throws SchemaValidationError (with `schemaError`) when the document breaks the collection's schema. */
  check(collection: string, schema: Record<string, unknown> | undefined, doc: Record<string, unknown>): void {
    if (!schema) return;
    let entry = this.#compiled.get(collection);
    if (!entry || entry.schema !== schema) {
      entry = { schema, validate: this.compile(collection, schema) };
      this.#compiled.set(collection, entry);
    }
    // `_id` is managed by the datastore; schemas written for app data (additionalProperties: false) omit it.
    const { _id, ...data } = doc;
    if (!entry.validate(data)) throw new SchemaValidationError(collection, [...(entry.validate.errors ?? [])]);
  }

  /** Drops the compiled validator of one collection, or of every collection. */
  forget(collection?: string): void {
    if (collection === undefined) this.#compiled.clear();
    else this.#compiled.delete(collection);
  }
}

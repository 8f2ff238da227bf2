import type { ValidateFunction } from 'ajv';
import { loadAjv } from '../../lazy-ajv.js';
import { canonicalJson } from '../recording.store.js';
import type { JsonSchema } from './schema-check.js';

// Apps send the same few schemas over and over; compiling one takes about a millisecond.
const MAX_CACHED = 200;
const cache = new Map<string, ValidateFunction>();

/**
 * The last check before a structured answer leaves: the value must pass the same validator apps use (ajv with
 * ajv-formats). A failure here is a gap in the generator, reported as a 400 naming the keyword, never sent.
 */
export function schemaViolation(schema: JsonSchema, value: unknown): string | null {
  const validate = compiled(schema);
  if (validate(value)) return null;
  const e = validate.errors?.[0];
  return e ? `${e.instancePath || '/'} ${e.message ?? 'is invalid'} (${e.keyword})` : 'the value is invalid';
}

function compiled(schema: JsonSchema): ValidateFunction {
  const key = canonicalJson(schema);
  let validate = cache.get(key);
  if (validate) {
    cache.delete(key); // most recently used goes last
    cache.set(key, validate);
    return validate;
  }
  // `$schema` names a draft this ajv may not have loaded, and `$id` would collide across cached schemas.
  const { $schema: _draft, $id: _id, ...plain } = schema;
  const { Ajv, addFormats } = loadAjv();
  const ajv = new Ajv({ strict: false, allErrors: false });
  addFormats(ajv);
  validate = ajv.compile(plain);
  cache.set(key, validate);
  if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
  return validate;
}

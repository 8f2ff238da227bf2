import { dbError } from './errors.js';
import { isWellFormedKey } from './key-layout.js';

/** Long enough for generated system names (`_event_listeners_<channel>`), short enough to keep keys small. */
export const MAX_COLLECTION_NAME = 200;

/** Names already found valid: most calls name one of a few collections. Bounded, so odd names cannot grow it. */
const known = new Set<string>();

/**
 * Collection names become key segments (`doc/<name>/…`): path characters, control characters and empty names
 * are rejected so one collection's key range can never overlap another's.
 */
export function checkCollection(name: unknown): string {
  if (typeof name === 'string' && known.has(name)) return name;
  if (typeof name !== 'string' || name.length === 0) {
    throw dbError('LH_DB_INVALID_COLLECTION', `Collection name must be a non-empty string, got ${JSON.stringify(name) ?? String(name)}`);
  }
  if (name.length > MAX_COLLECTION_NAME) {
    throw dbError('LH_DB_INVALID_COLLECTION', `Collection name is longer than ${MAX_COLLECTION_NAME} characters`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[/\\\x00-\x1f\x7f]/.test(name) || name === '.' || name === '..' || !isWellFormedKey(name)) {
    throw dbError('LH_DB_INVALID_COLLECTION', `Collection name ${JSON.stringify(name)} contains path or control characters`);
  }
  if (known.size < 1000) known.add(name);
  return name;
}

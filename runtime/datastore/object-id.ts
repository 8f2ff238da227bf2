import { randomInt } from 'node:crypto';
import type { Clock } from '../clock.js';
import { dbError } from './errors.js';
import { isWellFormedKey } from './key-layout.js';

/** Caller-supplied `_id`s become key segments; this bounds key size while allowing any real-world id. */
export const MAX_ID_LENGTH = 1024;

/**
 * 24-hex `_id`s like `640f60e2b4fdc00015c4280f` (DB-02): 12 hex digits of milliseconds, then a 48-bit counter
 * that starts at a random point and only grows. Ids are strictly increasing within a process, so key order
 * (the default read order) is insertion order.
 */
export class ObjectIdGenerator {
  readonly #clock: Clock;
  #lastMs = 0;
  #counter = randomInt(0, 2 ** 40);

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  next(): string {
    const ms = Math.max(this.#clock.now(), this.#lastMs);
    this.#lastMs = ms;
    this.#counter = (this.#counter + 1) % 2 ** 48;
    return ms.toString(16).padStart(12, '0').slice(-12) + this.#counter.toString(16).padStart(12, '0');
  }
}

export function checkId(id: unknown, collection: string): string {
  if (typeof id !== 'string' || id.length === 0) {
    throw dbError('LH_DB_INVALID_ID', `_id in collection "${collection}" must be a non-empty string, got ${JSON.stringify(id) ?? String(id)}`);
  }
  if (id.length > MAX_ID_LENGTH || !isWellFormedKey(id)) {
    throw dbError('LH_DB_INVALID_ID', `_id in collection "${collection}" is longer than ${MAX_ID_LENGTH} characters or not valid text`);
  }
  return id;
}

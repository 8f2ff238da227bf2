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
  /** `[lastMs, counter]`, in shared memory when threads sharing one store generate ids (`idCells`). */
  readonly #state: Float64Array;
  readonly #lock: Int32Array | null;
  /** The last millisecond's hex digits: ids made in one millisecond share them. */
  #lastMs = -1;
  #msHex = '';

  constructor(clock: Clock, shared?: SharedArrayBuffer) {
    this.#clock = clock;
    this.#lock = shared ? new Int32Array(shared, 0, 1) : null;
    this.#state = shared ? new Float64Array(shared, 8, 2) : new Float64Array([0, randomInt(0, 2 ** 40)]);
  }

  next(): string {
    const lock = this.#lock;
    // The section below never waits: a thread finding it taken tries again at once.
    if (lock) while (Atomics.compareExchange(lock, 0, 0, 1) !== 0);
    const state = this.#state;
    const ms = Math.max(this.#clock.now(), state[0]!);
    const counter = (state[1]! + 1) % 2 ** 48;
    state[0] = ms;
    state[1] = counter;
    if (lock) Atomics.store(lock, 0, 0);
    if (ms !== this.#lastMs) {
      this.#lastMs = ms;
      this.#msHex = ms.toString(16).padStart(12, '0').slice(-12);
    }
    return this.#msHex + counter.toString(16).padStart(12, '0');
  }
}

/** Shared id state for threads on one store: their ids stay strictly increasing together (DB-02). */
export function idCells(): SharedArrayBuffer {
  const cells = new SharedArrayBuffer(24);
  new Float64Array(cells, 8, 2)[1] = randomInt(0, 2 ** 40);
  return cells;
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

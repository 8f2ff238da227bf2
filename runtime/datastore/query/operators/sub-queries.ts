import { isPlainObject } from '../../storable.js';
import { invalidQuery } from '../invalid.js';

/** The operand of $and/$or/$nor: a non-empty array of query objects. */
export function subQueries(op: string, operand: unknown): Record<string, unknown>[] {
  if (!Array.isArray(operand) || operand.length === 0) throw invalidQuery(`${op} needs a non-empty array of queries`);
  for (const q of operand) if (!isPlainObject(q)) throw invalidQuery(`${op} entries must be query objects`);
  return operand as Record<string, unknown>[];
}

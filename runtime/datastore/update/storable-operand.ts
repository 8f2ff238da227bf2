import { toStorable } from '../storable.js';

/** Values written by update operators follow the same JSON rules as inserted documents (DB-29, CONTRACT-29). */
export function storableOperand(operand: unknown, path: string): unknown {
  return toStorable(operand, 'LH_DB_INVALID_UPDATE', path);
}

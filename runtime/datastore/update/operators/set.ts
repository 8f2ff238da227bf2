import { setPath } from '../../field-path.js';
import type { UpdateOperator } from '../types.js';
import { storableOperand } from '../storable-operand.js';

/** `$set` (and plain-object patches): writes the value; an `undefined` value leaves the field as it is (DB-29). */
export const $set: UpdateOperator = {
  prepare: storableOperand,
  apply(doc, path, operand) {
    if (operand !== undefined) setPath(doc, path, operand);
  },
};

import { setPath, unsetPath } from '../../field-path.js';
import type { UpdateOperator } from '../types.js';
import { invalidUpdate } from '../invalid.js';

/** `$rename: {old: 'new'}`: moves the value; nothing happens when the old field is missing. */
export const $rename: UpdateOperator = {
  prepare(operand, path) {
    if (typeof operand !== 'string' || operand === '' || operand === path) throw invalidUpdate(`$rename of "${path}" needs a different field name`);
    if (operand === '_id' || path === '_id') throw invalidUpdate('$rename cannot change _id');
    return operand;
  },
  apply(doc, path, operand) {
    const value = unsetPath(doc, path);
    if (value !== undefined) setPath(doc, operand as string, value);
  },
};

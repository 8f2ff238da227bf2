import type { UpdateOperator } from '../types.js';
import { invalidUpdate } from '../invalid.js';
import { arrayAt } from './array-target.js';

/** `$pop`: `1` removes the last element, `-1` the first. */
export const $pop: UpdateOperator = {
  prepare(operand, path) {
    if (operand !== 1 && operand !== -1 && operand !== '1' && operand !== '-1') throw invalidUpdate(`$pop on "${path}" needs 1 or -1`);
    return Number(operand);
  },
  apply(doc, path, operand) {
    const arr = arrayAt(doc, path, '$pop', false);
    if (!arr) return;
    if (operand === 1) arr.pop();
    else arr.shift();
  },
};

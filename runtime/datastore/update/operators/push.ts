import type { UpdateOperator } from '../types.js';
import { storableOperand } from '../storable-operand.js';
import { arrayAt, eachValues } from './array-target.js';

/** `$push`: appends a value (or each of `{$each: [...]}`); creates the array when missing. */
export const $push: UpdateOperator = {
  prepare: storableOperand,
  apply(doc, path, operand) {
    arrayAt(doc, path, '$push', true)!.push(...eachValues(operand));
  },
};

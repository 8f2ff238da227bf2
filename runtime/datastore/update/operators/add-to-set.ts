import { deepEqual } from '../../compare.js';
import type { UpdateOperator } from '../types.js';
import { storableOperand } from '../storable-operand.js';
import { arrayAt, eachValues } from './array-target.js';

/** `$addToSet`: appends values not already present (deep equality for objects). */
export const $addToSet: UpdateOperator = {
  prepare: storableOperand,
  apply(doc, path, operand) {
    const arr = arrayAt(doc, path, '$addToSet', true)!;
    for (const v of eachValues(operand)) if (!arr.some((x) => deepEqual(x, v))) arr.push(v);
  },
};

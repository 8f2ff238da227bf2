import { anyLeaf } from '../../compare.js';
import type { FieldOperator } from '../types.js';
import { invalidQuery } from '../invalid.js';

/** `$endsWith` (Codehooks extension, QL-04). */
export const $endsWith: FieldOperator = {
  compile(operand, ctx) {
    if (typeof operand !== 'string') throw invalidQuery(`$endsWith on "${ctx.path}" needs a string`);
    return (values) => anyLeaf(values, (v) => typeof v === 'string' && v.endsWith(operand));
  },
};

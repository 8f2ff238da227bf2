import { anyLeaf } from '../../compare.js';
import type { FieldOperator } from '../types.js';
import { invalidQuery } from '../invalid.js';

/** `$startsWith` (Codehooks extension, QL-04). */
export const $startsWith: FieldOperator = {
  compile(operand, ctx) {
    if (typeof operand !== 'string') throw invalidQuery(`$startsWith on "${ctx.path}" needs a string`);
    return (values) => anyLeaf(values, (v) => typeof v === 'string' && v.startsWith(operand));
  },
};

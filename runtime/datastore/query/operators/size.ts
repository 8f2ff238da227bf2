import type { FieldOperator } from '../types.js';
import { invalidQuery } from '../invalid.js';

/** `$size`: an array with exactly n elements (Mongo). */
export const $size: FieldOperator = {
  compile(operand, ctx) {
    if (typeof operand !== 'number' || !Number.isInteger(operand) || operand < 0) {
      throw invalidQuery(`$size on "${ctx.path}" needs a non-negative integer`);
    }
    return (values) => values.some((v) => Array.isArray(v) && v.length === operand);
  },
};

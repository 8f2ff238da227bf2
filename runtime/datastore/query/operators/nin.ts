import type { FieldOperator } from '../types.js';
import { invalidQuery } from '../invalid.js';
import { $in } from './in.js';

/** `$nin`: equal to none of the listed values; missing fields match (QL-06). */
export const $nin: FieldOperator = {
  compile(operand, ctx) {
    if (!Array.isArray(operand)) throw invalidQuery(`$nin on "${ctx.path}" needs an array`);
    const inTest = $in.compile(operand, ctx);
    return (values) => !inTest(values);
  },
};

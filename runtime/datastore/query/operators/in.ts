import type { FieldOperator } from '../types.js';
import { invalidQuery } from '../invalid.js';
import { $eq } from './eq.js';

/** `$in`: equal to any listed value (RegExp entries match strings) (QL-06). */
export const $in: FieldOperator = {
  compile(operand, ctx) {
    if (!Array.isArray(operand)) throw invalidQuery(`$in on "${ctx.path}" needs an array`);
    const tests = operand.map((v) => $eq.compile(v, ctx));
    return (values) => tests.some((t) => t(values));
  },
};

import type { FieldOperator } from '../types.js';
import { invalidQuery } from '../invalid.js';
import { $eq } from './eq.js';

/** `$all`: the array contains every listed value (QL-12). An empty list matches nothing, as in Mongo. */
export const $all: FieldOperator = {
  compile(operand, ctx) {
    if (!Array.isArray(operand)) throw invalidQuery(`$all on "${ctx.path}" needs an array`);
    if (operand.length === 0) return () => false;
    const tests = operand.map((v) => $eq.compile(v, ctx));
    return (values) => tests.every((t) => t(values));
  },
};

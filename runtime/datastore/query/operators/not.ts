import type { FieldOperator } from '../types.js';

/**
 * `$not`: with a plain value it means "not equal" (Codehooks docs, QL-05), with a RegExp "does not match",
 * with an operator object the negation of that condition (Mongo).
 */
export const $not: FieldOperator = {
  compile(operand, ctx) {
    const test = ctx.compileCondition(operand);
    return (values) => !test(values);
  },
};

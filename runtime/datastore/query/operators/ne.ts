import type { FieldOperator } from '../types.js';
import { $eq } from './eq.js';

/** `$ne`: no reached value (nor array element) equals the operand; missing fields match. */
export const $ne: FieldOperator = {
  compile(operand, ctx) {
    const eq = $eq.compile(operand, ctx);
    return (values) => !eq(values);
  },
};

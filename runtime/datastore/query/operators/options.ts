import type { FieldOperator } from '../types.js';
import { invalidQuery } from '../invalid.js';

/** `$options` only modifies `$regex` (which reads it); on its own it is a mistake worth reporting. */
export const $options: FieldOperator = {
  compile(_operand, ctx) {
    if (!('$regex' in ctx.siblings)) throw invalidQuery(`$options on "${ctx.path}" needs a $regex beside it`);
    return () => true;
  },
};

import type { FieldOperator } from '../types.js';

/** `$exists: true|false`; on `'list.0'` it tests for a non-empty array (QL-09). */
export const $exists: FieldOperator = {
  compile(operand) {
    const want = Boolean(operand);
    return (values) => values.length > 0 === want;
  },
};

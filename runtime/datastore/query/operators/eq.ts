import { anyLeaf, valueEquals } from '../../compare.js';
import type { FieldOperator } from '../types.js';

/**
 * `{field: value}` and `$eq`: equal, or an array containing the value (QL-12); a RegExp value matches strings
 * (QL-03); `null` also matches a missing field.
 */
export const $eq: FieldOperator = {
  compile(operand) {
    if (operand === null) return (values) => values.length === 0 || anyLeaf(values, (v) => v === null);
    return (values) => anyLeaf(values, (v) => valueEquals(v, operand));
  },
};

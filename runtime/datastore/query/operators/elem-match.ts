import { isPlainObject } from '../../storable.js';
import type { FieldOperator, ValuesTest } from '../types.js';
import { invalidQuery } from '../invalid.js';

const LOGICAL = new Set(['$and', '$or', '$nor']);

/**
 * `$elemMatch`: some element of an array field satisfies every condition (QL-10). The operand is a query on
 * object elements (`{name: 'A', age: {$gt: 30}}`) or an operator object on scalar elements (`{$gt: 5}`).
 */
export const $elemMatch: FieldOperator = {
  compile(operand, ctx) {
    if (!isPlainObject(operand)) throw invalidQuery(`$elemMatch on "${ctx.path}" needs an object`);
    const keys = Object.keys(operand);
    const onScalars = keys.length > 0 && keys.every((k) => k.startsWith('$') && !LOGICAL.has(k));
    let elementTest: (el: unknown) => boolean;
    if (onScalars) {
      const cond: ValuesTest = ctx.compileCondition(operand);
      elementTest = (el) => cond([el]);
    } else {
      const pred = ctx.compileQuery(operand);
      elementTest = (el) => el !== null && typeof el === 'object' && !Array.isArray(el) && pred(el);
    }
    return (values) => values.some((v) => Array.isArray(v) && v.some(elementTest));
  },
};

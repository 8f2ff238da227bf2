import { compileCondition, compileQuery, isOperatorObject } from '../../query/compile.js';
import { isPlainObject } from '../../storable.js';
import type { UpdateOperator } from '../types.js';
import { arrayAt } from './array-target.js';

/**
 * `$pull`: removes every element that equals the value, matches a RegExp, satisfies an operator object
 * (`{$gt: 5}`) or, for object elements, matches a sub-query (`{score: 8}`).
 */
export const $pull: UpdateOperator = {
  prepare(operand, path) {
    if (isPlainObject(operand) && !isOperatorObject(operand)) {
      const pred = compileQuery(operand);
      return (el: unknown) => isPlainObject(el) && pred(el);
    }
    const cond = compileCondition(operand, path);
    return (el: unknown) => cond([el]);
  },
  apply(doc, path, operand) {
    const arr = arrayAt(doc, path, '$pull', false);
    if (!arr) return;
    const matches = operand as (el: unknown) => boolean;
    const kept = arr.filter((el) => !matches(el));
    arr.splice(0, arr.length, ...kept);
  },
};

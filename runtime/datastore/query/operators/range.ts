import { anyLeaf, compareOrdered } from '../../compare.js';
import type { FieldOperator } from '../types.js';
import { invalidQuery } from '../invalid.js';

/** Builds $gt/$gte/$lt/$lte: numbers, strings, booleans and dates (QL-08); values of another type never match. */
export function rangeOperator(name: string, accept: (order: number) => boolean): FieldOperator {
  return {
    compile(operand) {
      if (operand === null || (typeof operand === 'object' && !(operand instanceof Date))) {
        throw invalidQuery(`${name} needs a number, string, boolean or date, got ${JSON.stringify(operand)}`);
      }
      return (values) =>
        anyLeaf(values, (v) => {
          const order = compareOrdered(v, operand);
          return order !== undefined && accept(order);
        });
    },
  };
}

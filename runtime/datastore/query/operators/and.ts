import type { LogicalOperator } from '../types.js';
import { subQueries } from './sub-queries.js';

/** `$and: [q1, q2]` (QL-07). */
export const $and: LogicalOperator = {
  compile(operand, compileQuery) {
    const preds = subQueries('$and', operand).map(compileQuery);
    return (doc) => preds.every((p) => p(doc));
  },
};

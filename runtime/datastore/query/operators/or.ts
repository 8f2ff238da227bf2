import type { LogicalOperator } from '../types.js';
import { subQueries } from './sub-queries.js';

/** `$or: [q1, q2]` (QL-07). */
export const $or: LogicalOperator = {
  compile(operand, compileQuery) {
    const preds = subQueries('$or', operand).map(compileQuery);
    return (doc) => preds.some((p) => p(doc));
  },
};

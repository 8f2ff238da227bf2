import type { LogicalOperator } from '../types.js';
import { subQueries } from './sub-queries.js';

/** `$nor: [q1, q2]`: none matches (Mongo). */
export const $nor: LogicalOperator = {
  compile(operand, compileQuery) {
    const preds = subQueries('$nor', operand).map(compileQuery);
    return (doc) => !preds.some((p) => p(doc));
  },
};

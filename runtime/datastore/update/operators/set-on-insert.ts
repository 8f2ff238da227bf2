import type { UpdateOperator } from '../types.js';
import { $set } from './set.js';

/** `$setOnInsert`: like `$set`, but only when an upsert creates the document. */
export const $setOnInsert: UpdateOperator = {
  prepare: $set.prepare,
  apply(doc, path, operand, ctx) {
    if (ctx.isInsert) $set.apply(doc, path, operand, ctx);
  },
};

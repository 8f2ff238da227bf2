import type { UpdateOperator } from './types.js';
import { $addToSet } from './operators/add-to-set.js';
import { $inc } from './operators/inc.js';
import { $pop } from './operators/pop.js';
import { $pull } from './operators/pull.js';
import { $push } from './operators/push.js';
import { $rename } from './operators/rename.js';
import { $set } from './operators/set.js';
import { $setOnInsert } from './operators/set-on-insert.js';
import { $unset } from './operators/unset.js';

/** Update operators by name (QL-14). Anything not listed is rejected with LH_DB_INVALID_UPDATE. */
export const UPDATE_OPERATORS: Readonly<Record<string, UpdateOperator>> = Object.freeze({
  $set, $unset, $inc, $push, $pull, $pop, $addToSet, $rename, $setOnInsert,
});

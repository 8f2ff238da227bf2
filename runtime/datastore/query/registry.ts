import type { FieldOperator, LogicalOperator } from './types.js';
import { $all } from './operators/all.js';
import { $and } from './operators/and.js';
import { $elemMatch } from './operators/elem-match.js';
import { $endsWith } from './operators/ends-with.js';
import { $eq } from './operators/eq.js';
import { $exists } from './operators/exists.js';
import { $gt } from './operators/gt.js';
import { $gte } from './operators/gte.js';
import { $in } from './operators/in.js';
import { $lt } from './operators/lt.js';
import { $lte } from './operators/lte.js';
import { $ne } from './operators/ne.js';
import { $nin } from './operators/nin.js';
import { $nor } from './operators/nor.js';
import { $not } from './operators/not.js';
import { $options } from './operators/options.js';
import { $or } from './operators/or.js';
import { $regex } from './operators/regex.js';
import { $size } from './operators/size.js';
import { $startsWith } from './operators/starts-with.js';

/** Field operators by name. Anything not listed is rejected with LH_DB_INVALID_QUERY, never ignored. */
export const FIELD_OPERATORS: Readonly<Record<string, FieldOperator>> = Object.freeze({
  $eq, $ne, $gt, $gte, $lt, $lte, $in, $nin, $regex, $options, $startsWith, $endsWith, $not, $exists,
  $elemMatch, $all, $size,
});

export const LOGICAL_OPERATORS: Readonly<Record<string, LogicalOperator>> = Object.freeze({ $and, $or, $nor });

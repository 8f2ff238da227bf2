import { setPath } from '../field-path.js';
import { isOperatorObject } from '../query/compile.js';
import { isDateLiteral, toDate } from '../query/operand.js';
import { isPlainObject, toStorable } from '../storable.js';
import type { Doc } from './types.js';

/**
 * The document an upsert starts from: the query's equality fields (DB-17: `{emailAddress}` + `$set` +
 * `$inc: {visits: 1}` → `{emailAddress, visits, _id}`), including `$eq` and the branches of a top-level `$and`.
 */
export function upsertBase(query: unknown): Doc {
  const doc: Doc = {};
  collect(query, doc);
  return doc;
}

function collect(query: unknown, doc: Doc): void {
  if (!isPlainObject(query)) return;
  for (const key of Object.keys(query)) {
    const value = query[key];
    if (key === '$and' && Array.isArray(value)) {
      for (const sub of value) collect(sub, doc);
      continue;
    }
    if (key.startsWith('$')) continue;
    let literal: unknown;
    if (isDateLiteral(value)) literal = toDate(value);
    else if (isOperatorObject(value)) {
      if (!('$eq' in value)) continue;
      literal = value.$eq;
    } else literal = value;
    if (literal instanceof RegExp || literal === undefined) continue;
    setPath(doc, key, toStorable(literal, 'LH_DB_INVALID_UPDATE', key));
  }
}

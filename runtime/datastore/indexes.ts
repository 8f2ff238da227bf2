import type { BatchOp } from '../storage/index.js';
import { resolvePath } from './field-path.js';
import { encodeIndexValue, isIndexable } from './index-encoding.js';
import { idxFieldPrefix } from './key-layout.js';

/**
 * Index entry keys of one document: one per distinct scalar value each indexed path reaches (array elements
 * are indexed one by one, so `{tags: 'a'}` can use an index on `tags`).
 */
export function indexEntryKeys(coll: string, fields: readonly string[], doc: Record<string, unknown> | null): Set<string> {
  const keys = new Set<string>();
  if (!doc || fields.length === 0) return keys;
  const id = doc._id as string;
  for (const field of fields) {
    const prefix = idxFieldPrefix(coll, field);
    for (const v of resolvePath(doc, field)) {
      if (Array.isArray(v)) {
        for (const el of v) if (isIndexable(el)) keys.add(prefix + encodeIndexValue(el) + '\0' + id);
      } else if (isIndexable(v)) keys.add(prefix + encodeIndexValue(v) + '\0' + id);
    }
  }
  return keys;
}

/** The index writes that take a document from `before` to `after` (either may be null), for the same batch. */
export function indexOps(
  coll: string,
  fields: readonly string[],
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): BatchOp[] {
  if (fields.length === 0) return [];
  const old = indexEntryKeys(coll, fields, before);
  const next = indexEntryKeys(coll, fields, after);
  const ops: BatchOp[] = [];
  for (const key of old) if (!next.has(key)) ops.push({ type: 'del', key });
  for (const key of next) if (!old.has(key)) ops.push({ type: 'put', key, value: '' });
  return ops;
}

/** Index field paths become key segments: no '/', no control characters, not empty. */
export function isValidIndexField(field: unknown): field is string {
  // eslint-disable-next-line no-control-regex
  return typeof field === 'string' && field.length > 0 && field.length <= 200 && !/[/\x00-\x1f]/.test(field) && !field.startsWith('$');
}

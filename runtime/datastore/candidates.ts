import type { Store } from '../storage/index.js';
import { idFromIndexKey } from './index-encoding.js';
import { docKey, docPrefix, HIGH, idxFieldPrefix, rangeUnder } from './key-layout.js';
import type { Plan } from './query/plan.js';

/** Reads this many documents per `getMany` round trip when following an index or a list of ids. */
const FETCH_CHUNK = 256;

/** `[key, json]` of a stored document (the key is `doc/<collection>/<_id>`). */
export type RawDoc = [key: string, json: string];

/**
 * Candidate documents for a plan, as raw JSON, in `_id` order (descending when `reverse`), so callers that do
 * not sort get the default insertion order (DB-02) whichever access path was used. They come a chunk at a time,
 * as the store reads them: the hottest path (a scan) awaits once per chunk, not once per document.
 */
export function candidates(store: Store, coll: string, plan: Plan, reverse = false, limit?: number): AsyncIterable<RawDoc[]> {
  // `limit`: the caller needs no more than this many (every candidate matches): the store reads no more.
  if (plan.kind === 'scan') return store.entryChunks(rangeUnder(docPrefix(coll), limit === undefined ? { reverse } : { reverse, limit }));
  return planned(store, coll, plan, reverse);
}

async function* planned(store: Store, coll: string, plan: Exclude<Plan, { kind: 'scan' }>, reverse: boolean): AsyncIterable<RawDoc[]> {
  const prefix = docPrefix(coll);
  switch (plan.kind) {
    case 'idRange': {
      const b = plan.bounds;
      const range = {
        reverse,
        ...(b.gt !== undefined ? { gt: prefix + b.gt } : { gte: prefix + (b.gte ?? '') }),
        // Ids never contain HIGH, so `prefix + id + HIGH` lies after the id itself and before the next id.
        ...(b.lt !== undefined ? { lt: prefix + b.lt } : { lte: b.lte !== undefined ? prefix + b.lte : prefix + HIGH }),
      };
      yield* store.entryChunks(range);
      return;
    }
    case 'ids':
      yield* fetchIds(store, coll, orderIds(plan.ids, reverse));
      return;
    case 'index': {
      const ids = new Set<string>();
      const fieldPrefixLength = idxFieldPrefix(coll, plan.field).length;
      for (const range of plan.ranges) {
        for await (const key of store.keys(range)) ids.add(idFromIndexKey(key, fieldPrefixLength));
      }
      yield* fetchIds(store, coll, orderIds([...ids], reverse));
      return;
    }
  }
}

function orderIds(ids: string[], reverse: boolean): string[] {
  const sorted = [...new Set(ids)].sort();
  return reverse ? sorted.reverse() : sorted;
}

async function* fetchIds(store: Store, coll: string, ids: string[]): AsyncIterable<RawDoc[]> {
  for (let i = 0; i < ids.length; i += FETCH_CHUNK) {
    const chunk = ids.slice(i, i + FETCH_CHUNK);
    const keys = chunk.map((id) => docKey(coll, id));
    const values = await store.getMany(keys);
    const found: RawDoc[] = [];
    for (let j = 0; j < keys.length; j++) {
      const json = values[j];
      if (json !== undefined) found.push([keys[j]!, json]);
    }
    if (found.length > 0) yield found;
  }
}

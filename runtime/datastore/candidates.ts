import type { Store } from '../storage/index.js';
import { idFromIndexKey } from './index-encoding.js';
import { docKey, docPrefix, HIGH, idxFieldPrefix, rangeUnder } from './key-layout.js';
import type { Plan } from './query/plan.js';

/** Reads this many documents per `getMany` round trip when following an index or a list of ids. */
const FETCH_CHUNK = 256;

export type RawDoc = [id: string, json: string];

/**
 * Candidate documents for a plan, as raw JSON, in `_id` order (descending when `reverse`), so callers that do
 * not sort get the default insertion order (DB-02) whichever access path was used.
 */
export async function* candidates(store: Store, coll: string, plan: Plan, reverse = false): AsyncIterable<RawDoc> {
  const prefix = docPrefix(coll);
  switch (plan.kind) {
    case 'scan':
      for await (const [key, json] of store.entries(rangeUnder(prefix, { reverse }))) yield [key.slice(prefix.length), json];
      return;
    case 'idRange': {
      const b = plan.bounds;
      const range = {
        reverse,
        ...(b.gt !== undefined ? { gt: prefix + b.gt } : { gte: prefix + (b.gte ?? '') }),
        // Ids never contain HIGH, so `prefix + id + HIGH` lies after the id itself and before the next id.
        ...(b.lt !== undefined ? { lt: prefix + b.lt } : { lte: b.lte !== undefined ? prefix + b.lte : prefix + HIGH }),
      };
      for await (const [key, json] of store.entries(range)) yield [key.slice(prefix.length), json];
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

async function* fetchIds(store: Store, coll: string, ids: string[]): AsyncIterable<RawDoc> {
  for (let i = 0; i < ids.length; i += FETCH_CHUNK) {
    const chunk = ids.slice(i, i + FETCH_CHUNK);
    const values = await store.getMany(chunk.map((id) => docKey(coll, id)));
    for (let j = 0; j < chunk.length; j++) {
      const json = values[j];
      if (json !== undefined) yield [chunk[j]!, json];
    }
  }
}

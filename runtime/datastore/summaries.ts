import type { BatchOp, Store } from '../storage/index.js';
import type { Doc } from './doc-reader.js';
import { docPrefix, rangeUnder, summaryKey, summaryMarkerKey, summaryPrefix } from './key-layout.js';

/**
 * A short string derived from each document of one collection, kept beside it (`sum/<collection>/<_id>`) and
 * written in the same batch as the document, so a report over many documents reads the summaries instead of
 * parsing every document, and they can never disagree, not even after `kill -9`.
 */
export interface Summarizer {
  /** Change it when `summarize` changes: stored summaries of another version are rebuilt at open. */
  version: string;
  summarize(doc: Doc): string;
}

export type Summarizers = ReadonlyMap<string, Summarizer>;

/** Summaries written per batch while rebuilding. */
const BACKFILL_CHUNK = 1000;

/** The summary write that goes with taking a document from `before` to `after` (null = absent). */
export function summaryOps(summarizers: Summarizers | undefined, coll: string, before: Doc | null, after: Doc | null): BatchOp[] {
  const s = summarizers?.get(coll);
  if (!s) return [];
  const id = (after ?? before)!._id as string;
  return [after ? { type: 'put', key: summaryKey(coll, id), value: s.summarize(after) } : { type: 'del', key: summaryKey(coll, id) }];
}

/**
 * Builds the summaries of documents written before summaries existed (or by another summary version): at open
 * and after a restore, when no call is in flight. The marker is written last, so an interrupted rebuild is
 * redone at the next open.
 */
export async function backfillSummaries(store: Store, summarizers: Summarizers | undefined): Promise<void> {
  for (const [coll, s] of summarizers ?? []) {
    if ((await store.get(summaryMarkerKey(coll))) === s.version) continue;
    await store.clear(rangeUnder(summaryPrefix(coll)));
    let ops: BatchOp[] = [];
    for await (const [, json] of store.entries(rangeUnder(docPrefix(coll)))) {
      ops.push(...summaryOps(summarizers, coll, null, JSON.parse(json) as Doc));
      if (ops.length >= BACKFILL_CHUNK) {
        await store.batch(ops);
        ops = [];
      }
    }
    ops.push({ type: 'put', key: summaryMarkerKey(coll), value: s.version });
    await store.batch(ops);
  }
}

/** `[_id, summary]` of every document of `coll`, in `_id` order (descending when `reverse`). */
export async function* readSummaries(store: Store, coll: string, reverse = false): AsyncIterable<[string, string]> {
  const prefix = summaryPrefix(coll);
  for await (const [key, value] of store.entries(rangeUnder(prefix, { reverse }))) yield [key.slice(prefix.length), value];
}

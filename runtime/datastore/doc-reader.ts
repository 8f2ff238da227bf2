import type { Store } from '../storage/index.js';
import { candidates } from './candidates.js';
import type { CollectionRegistry } from './collections.js';
import type { FindOptions } from './find-options.js';
import { project } from './projection.js';
import { compileQuery } from './query/compile.js';
import { planQuery } from './query/plan.js';
import { requiredTexts } from './query/prefilter.js';
import type { Predicate } from './query/types.js';
import { SortedTop } from './sort.js';
import { docKey, docPrefix, rangeUnder } from './key-layout.js';

export type Doc = Record<string, unknown>;

/** Query execution: plan → candidates → predicate → sort / offset / limit / projection. */
export class DocReader {
  readonly #store: Store;
  readonly #registry: CollectionRegistry;

  constructor(store: Store, registry: CollectionRegistry) {
    this.#store = store;
    this.#registry = registry;
  }

  /** Matching documents in `_id` order (descending when `reverse`). The query is compiled before any read. */
  matching(coll: string, filter: unknown, reverse = false): AsyncIterable<Doc> {
    const pred = compileQuery(filter);
    return this.#matching(coll, filter, pred, reverse);
  }

  async *#matching(coll: string, filter: unknown, pred: Predicate, reverse: boolean): AsyncIterable<Doc> {
    for await (const docs of this.#matchingChunks(coll, filter, pred, reverse)) yield* docs;
  }

  /** Matching documents a store chunk at a time: callers that do not stream each one await once per chunk. */
  async *#matchingChunks(coll: string, filter: unknown, pred: Predicate, reverse: boolean): AsyncIterable<Doc[]> {
    if (!this.#registry.get(coll)) return;
    const plan = planQuery(coll, filter, this.#registry.indexes(coll));
    const texts = plan.kind === 'scan' ? requiredTexts(filter) : [];
    for await (const chunk of candidates(this.#store, coll, plan, reverse)) {
      const docs: Doc[] = [];
      for (let i = 0; i < chunk.length; i++) {
        const json = chunk[i]![1];
        if (texts.length && !texts.every((t) => json.includes(t))) continue;
        const doc = JSON.parse(json) as Doc;
        if (pred(doc)) docs.push(doc);
      }
      if (docs.length > 0) yield docs;
    }
  }

  async findFirst(coll: string, filter: unknown): Promise<Doc | null> {
    const id = idOnly(filter);
    if (id !== undefined) {
      // The most common read (getOne by id, and every update by id): one get, no planning.
      const json = await this.#store.get(docKey(coll, id));
      return json === undefined ? null : (JSON.parse(json) as Doc);
    }
    for await (const doc of this.matching(coll, filter)) return doc;
    return null;
  }

  async count(coll: string, filter: unknown): Promise<number> {
    const pred = compileQuery(filter);
    return this.#count(coll, filter, pred);
  }

  async #count(coll: string, filter: unknown, pred: Predicate): Promise<number> {
    let n = 0;
    if (isEmptyFilter(filter)) {
      // Every document matches: count keys, without reading or parsing a document.
      if (!this.#registry.get(coll)) return 0;
      for await (const _ of this.#store.keys(rangeUnder(docPrefix(coll)))) n++;
      return n;
    }
    for await (const docs of this.#matchingChunks(coll, filter, pred, false)) n += docs.length;
    return n;
  }

  /** getMany/find (DB-08/09): compiles and plans eagerly so a bad query fails before the first item. */
  find(coll: string, filter: unknown, options: FindOptions): AsyncIterable<Doc> {
    const pred = compileQuery(filter);
    return this.#find(coll, filter, pred, options);
  }

  async *#find(coll: string, filter: unknown, pred: Predicate, o: FindOptions): AsyncIterable<Doc> {
    if (o.onlyCount) {
      yield { count: await this.#count(coll, filter, pred) };
      return;
    }
    const end = o.limit === undefined ? Infinity : o.offset + o.limit;
    const byIdOnly = o.sort?.length === 1 && o.sort[0]![0] === '_id';
    if (end === 0) return;
    if (o.sort && !byIdOnly) {
      // Only the first offset + limit in sort order are kept while scanning.
      const top = new SortedTop(o.sort, end);
      for await (const docs of this.#matchingChunks(coll, filter, pred, false)) for (let k = 0; k < docs.length; k++) top.add(docs[k]!);
      for (const doc of top.docs().slice(o.offset)) yield o.projection ? project(doc, o.projection) : doc;
      return;
    }
    const reverse = byIdOnly && o.sort![0]![1] === -1;
    let i = 0;
    for await (const docs of this.#matchingChunks(coll, filter, pred, reverse)) {
      for (let k = 0; k < docs.length; k++) {
        if (i++ < o.offset) continue;
        yield o.projection ? project(docs[k]!, o.projection) : docs[k]!;
        if (i >= end) return;
      }
    }
  }
}

/** The id when the filter is exactly `{_id: '<string>'}`. */
export function idOnly(filter: unknown): string | undefined {
  if (filter === null || typeof filter !== 'object') return undefined;
  const f = filter as Record<string, unknown>;
  if (typeof f._id !== 'string') return undefined;
  for (const k in f) if (k !== '_id') return undefined;
  return f._id;
}

function isEmptyFilter(filter: unknown): boolean {
  if (filter === undefined || filter === null) return true;
  if (typeof filter !== 'object' || Array.isArray(filter)) return false;
  for (const _ in filter) return false;
  return Object.getOwnPropertySymbols(filter).length === 0;
}

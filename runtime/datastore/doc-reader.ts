import type { Store } from '../storage/index.js';
import { candidates, type RawDoc } from './candidates.js';
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

  /** Each matching document, parsed only when it is reached: a limit or a first match stops the parsing. */
  async *#matching(coll: string, filter: unknown, pred: Predicate, reverse: boolean, limit?: number): AsyncIterable<Doc> {
    const source = this.#source(coll, filter, pred, reverse, limit);
    if (!source) return;
    for await (const chunk of source.chunks) {
      for (let i = 0; i < chunk.length; i++) {
        const doc = source.match(chunk[i]![1]);
        if (doc !== undefined) yield doc;
      }
    }
  }

  /** Matching documents a store chunk at a time, for callers that read them all (counts, sorts). */
  async *#matchingChunks(coll: string, filter: unknown, pred: Predicate, reverse: boolean): AsyncIterable<Doc[]> {
    const source = this.#source(coll, filter, pred, reverse);
    if (!source) return;
    for await (const chunk of source.chunks) {
      const docs: Doc[] = [];
      for (let i = 0; i < chunk.length; i++) {
        const doc = source.match(chunk[i]![1]);
        if (doc !== undefined) docs.push(doc);
      }
      if (docs.length > 0) yield docs;
    }
  }

  /** The plan's candidates and the test of one: a scan skips JSON that cannot hold a wanted string unparsed. */
  #source(coll: string, filter: unknown, pred: Predicate, reverse: boolean, limit?: number): { chunks: AsyncIterable<RawDoc[]>; match(json: string): Doc | undefined } | null {
    if (!this.#registry.get(coll)) return null;
    const plan = planQuery(coll, filter, this.#registry.indexes(coll));
    const texts = plan.kind === 'scan' ? requiredTexts(filter) : [];
    return {
      // With an empty filter every document matches: a page of `limit` reads only that many from the store.
      chunks: candidates(this.#store, coll, plan, reverse, limit !== undefined && isEmptyFilter(filter) ? limit : undefined),
      match(json) {
        if (texts.length && !texts.every((t) => json.includes(t))) return undefined;
        const doc = JSON.parse(json) as Doc;
        return pred(doc) ? doc : undefined;
      },
    };
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
    for await (const doc of this.#matching(coll, filter, pred, reverse, Number.isFinite(end) ? end : undefined)) {
      if (i++ < o.offset) continue;
      yield o.projection ? project(doc, o.projection) : doc;
      if (i >= end) return;
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

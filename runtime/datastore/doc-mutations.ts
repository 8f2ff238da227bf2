import type { BatchOp, Store } from '../storage/index.js';
import type { CollectionRegistry } from './collections.js';
import { idOnly, type Doc, type DocReader } from './doc-reader.js';
import { docLockKey, withoutId, type DocWriter } from './doc-writer.js';
import { docKey } from './key-layout.js';
import type { KeyLock } from './key-lock.js';
import { compileQuery } from './query/compile.js';
import type { Predicate } from './query/types.js';

/** A change to one stored document: the new document, or null to delete it. */
export type Change = (before: Doc) => Doc | null;

/** Ids are read, then locked: a document changed in between is re-checked, and retried this many times. */
const MAX_ATTEMPTS = 5;
/** Documents per batch in removeMany/updateMany-style bulk work: bounds memory and lock count per step. */
const BULK_CHUNK = 1000;

const RETRY = Symbol('retry');

/**
 * Read-modify-write on documents (updateOne/Many, replaceOne/Many, removeOne/Many). Each document is changed
 * under its own lock (parallel workflow branches updating one instance, WF-27), re-read and re-checked
 * against the query once locked, so concurrent changes are never lost.
 */
export class DocMutations {
  readonly #store: Store;
  readonly #registry: CollectionRegistry;
  readonly #reader: DocReader;
  readonly #writer: DocWriter;
  readonly #locks: KeyLock;

  constructor(deps: { store: Store; registry: CollectionRegistry; reader: DocReader; writer: DocWriter; locks: KeyLock }) {
    this.#store = deps.store;
    this.#registry = deps.registry;
    this.#reader = deps.reader;
    this.#writer = deps.writer;
    this.#locks = deps.locks;
  }

  /** Changes the first matching document; resolves with `[before, after]`, or null when nothing matches. */
  async changeOne(coll: string, filter: unknown, change: Change): Promise<[Doc, Doc | null] | null> {
    const pred = compileQuery(filter);
    const id = idOnly(filter);
    // By id there is nothing to look for: lock, read and change (the locked read checks existence).
    if (id !== undefined) {
      const result = await this.#locked(coll, id, pred, change);
      return result === RETRY ? null : result;
    }
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const found = await this.#reader.findFirst(coll, filter);
      if (!found) return null;
      const result = await this.#locked(coll, found._id as string, pred, change);
      if (result !== RETRY) return result;
    }
    return null;
  }

  /** Changes every matching document, all in one batch (a schema failure on any one writes none). */
  async changeMany(coll: string, filter: unknown, change: Change): Promise<number> {
    const pred = compileQuery(filter);
    const ids: string[] = [];
    for await (const doc of this.#reader.matching(coll, filter)) ids.push(doc._id as string);
    if (ids.length === 0) return 0;
    return this.#locks.runAll(ids.map((id) => docLockKey(coll, id)), () => this.#writer.track(coll, async () => {
      const ops: BatchOp[] = [];
      let count = 0;
      for (let i = 0; i < ids.length; i += BULK_CHUNK) {
        const chunk = ids.slice(i, i + BULK_CHUNK);
        const raws = await this.#store.getMany(chunk.map((id) => docKey(coll, id)));
        for (const raw of raws) {
          const step = raw === undefined ? undefined : this.#apply(coll, raw, pred, change);
          if (step) {
            ops.push(...step);
            count++;
          }
        }
      }
      if (ops.length) await this.#writer.commit(coll, ops);
      return count;
    }));
  }

  /** Deletes every match in chunks, so emptying a large collection does not hold every document at once. */
  async removeMany(coll: string, filter: unknown): Promise<number> {
    const pred = compileQuery(filter);
    const ids: string[] = [];
    for await (const doc of this.#reader.matching(coll, filter)) ids.push(doc._id as string);
    let count = 0;
    for (let i = 0; i < ids.length; i += BULK_CHUNK) {
      const chunk = ids.slice(i, i + BULK_CHUNK);
      count += await this.#locks.runAll(chunk.map((id) => docLockKey(coll, id)), () => this.#writer.track(coll, async () => {
        const raws = await this.#store.getMany(chunk.map((id) => docKey(coll, id)));
        const ops: BatchOp[] = [];
        let removed = 0;
        for (const raw of raws) {
          const step = raw === undefined ? undefined : this.#apply(coll, raw, pred, () => null);
          if (step) {
            ops.push(...step);
            removed++;
          }
        }
        if (ops.length) await this.#store.batch(ops);
        return removed;
      }));
    }
    if (count) this.#writer.forgetCount(coll);
    return count;
  }

  async #locked(coll: string, id: string, pred: Predicate, change: Change): Promise<[Doc, Doc | null] | typeof RETRY> {
    return this.#locks.run(docLockKey(coll, id), () => this.#writer.track(coll, async () => {
      const raw = await this.#store.get(docKey(coll, id));
      if (raw === undefined) return RETRY;
      const before = JSON.parse(raw) as Doc;
      if (!pred(before)) return RETRY;
      const [after, ops] = this.#ops(coll, before, change(JSON.parse(raw) as Doc));
      await this.#writer.commit(coll, ops);
      if (!after) this.#writer.forgetCount(coll);
      return [before, after] as [Doc, Doc | null];
    }));
  }

  /** The writes for one raw document if it still matches, else undefined. */
  #apply(coll: string, raw: string, pred: Predicate, change: Change): BatchOp[] | undefined {
    const before = JSON.parse(raw) as Doc;
    if (!pred(before)) return undefined;
    return this.#ops(coll, before, change(JSON.parse(raw) as Doc))[1];
  }

  #ops(coll: string, before: Doc, after: Doc | null): [Doc | null, BatchOp[]] {
    const meta = this.#registry.get(coll);
    if (!after) return [null, this.#writer.docOps(coll, meta, before, null)];
    // `_id` is immutable whatever the change did.
    const fixed = after._id === before._id ? after : { _id: before._id, ...withoutId(after) };
    const json = this.#writer.check(coll, meta, fixed);
    return [fixed, this.#writer.docOps(coll, meta, before, fixed, json)];
  }
}

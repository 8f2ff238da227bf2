import type { Clock } from '../clock.js';
import type { BatchOp, Store } from '../storage/index.js';
import type { CollectionMeta, CollectionRegistry } from './collections.js';
import type { Doc } from './doc-reader.js';
import { dbError } from './errors.js';
import { indexOps } from './indexes.js';
import { docKey, docPrefix, rangeUnder } from './key-layout.js';
import type { KeyLock } from './key-lock.js';
import { checkId, type ObjectIdGenerator } from './object-id.js';
import type { SchemaValidators } from './schemas.js';
import { summaryOps, type Summarizers } from './summaries.js';
import { isPlainObject, toStorable, toStorableWithIdFirst } from './storable.js';

/** Mongo's document limit: far above normal app data, low enough to stop a runaway value filling the disk. */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

export const docLockKey = (coll: string, id: string): string => `d/${coll}/${id}`;

interface Deps {
  store: Store;
  registry: CollectionRegistry;
  locks: KeyLock;
  ids: ObjectIdGenerator;
  schemas: SchemaValidators;
  clock: Clock;
  summaries?: Summarizers;
}

/**
 * Every document write goes through here: a document and its index entries (and new collection metadata, and
 * capped-collection trimming) change in one batch, and the call resolves only after the store accepted it.
 */
export class DocWriter {
  readonly #d: Deps;
  /** Document counts of capped collections, so capping does not count on every insert. */
  readonly #capCounts = new Map<string, number>();
  /** Writes in progress per collection, so createIndex can wait for those planned with the old index list. */
  readonly #active = new Map<string, Set<Promise<unknown>>>();

  constructor(deps: Deps) {
    this.#d = deps;
  }

  /**
   * A new document as it will be stored: JSON-safe copy, `_id` kept when given (any string) or generated.
   * `given` says the id came from the caller, so insert must check it is not taken.
   */
  prepareNew(coll: string, input: unknown): { doc: Doc; given: boolean } {
    if (input === null || typeof input !== 'object' || Array.isArray(input) || input instanceof Date || input instanceof RegExp) {
      throw dbError('LH_DB_INVALID_DOCUMENT', `A document for collection "${coll}" must be an object, got ${describe(input)}`);
    }
    const raw = (input as Doc)._id;
    if ((raw === undefined || raw === null) && isPlainObject(input) && typeof input.toJSON !== 'function') {
      // The usual insert: one copy of the document, with the new id in its first field.
      const doc = toStorableWithIdFirst(input) as Doc;
      doc._id = this.#d.ids.next();
      return { doc, given: false };
    }
    const doc = toStorable(input) as Doc;
    if (doc._id === undefined || doc._id === null) return { doc: { _id: this.#d.ids.next(), ...withoutId(doc) }, given: false };
    checkId(doc._id, coll);
    return { doc, given: true };
  }

  /** Inserts prepared documents atomically; caller-supplied ids must not exist yet (LH_DB_DUPLICATE_ID). */
  async insert(coll: string, prepared: { doc: Doc; given: boolean }[]): Promise<void> {
    // Only commit() registers a new collection, so a refused insert leaves no empty collection behind.
    const meta = this.#d.registry.get(coll);
    if (prepared.length === 1 && !prepared[0]!.given && meta?.cap === undefined) {
      // One document with a generated id into an uncapped collection: nothing to lock, nothing to read first.
      const doc = prepared[0]!.doc;
      const json = this.check(coll, meta, doc);
      return this.track(coll, () => this.commit(coll, this.docOps(coll, meta, null, doc, json)));
    }
    const docs = prepared.map((p) => p.doc);
    const jsons = docs.map((doc) => this.check(coll, meta, doc));
    const given = prepared.filter((p) => p.given).map((p) => p.doc._id as string);
    if (new Set(given).size !== given.length) throw dbError('LH_DB_DUPLICATE_ID', `The same _id appears twice in one insert into "${coll}"`);
    // Generated ids are unique by construction; only caller-supplied ones need the lock and the existence read.
    await this.track(coll, () => this.#d.locks.runAll(given.map((id) => docLockKey(coll, id)), async () => {
      if (given.length) {
        const existing = await this.#d.store.getMany(given.map((id) => docKey(coll, id)));
        const dup = existing.findIndex((v) => v !== undefined);
        if (dup >= 0) throw dbError('LH_DB_DUPLICATE_ID', `A document with _id "${given[dup]}" already exists in collection "${coll}"`);
      }
      const cap = meta?.cap;
      if (cap === undefined) return this.commit(coll, docs.flatMap((doc, i) => this.docOps(coll, meta, null, doc, jsons[i])));
      // More new documents than the cap: the oldest of them are dropped straight away.
      const first = Math.max(0, docs.length - cap);
      const ops = docs.slice(first).flatMap((doc, i) => this.docOps(coll, meta, null, doc, jsons[first + i]));
      await this.#d.locks.run(`cap/${coll}`, async () => {
        const trimmed = await this.#trimOps(coll, cap, meta!, docs.length - first);
        await this.commit(coll, [...ops, ...trimmed.ops]);
        this.#capCounts.set(coll, trimmed.countAfter);
      });
    }));
  }

  /** Size and schema checks for a document about to be written (DB-04: insert, update and replace). */
  check(coll: string, meta: CollectionMeta | undefined, doc: Doc): string {
    const json = JSON.stringify(doc);
    if (json.length > MAX_DOCUMENT_BYTES) {
      throw dbError('LH_DB_TOO_LARGE', `Document ${String(doc._id)} in "${coll}" is larger than ${MAX_DOCUMENT_BYTES} bytes`);
    }
    this.#d.schemas.check(coll, meta?.schema, doc);
    return json;
  }

  /** The writes that take one document from `before` to `after` (null = absent). */
  docOps(coll: string, meta: CollectionMeta | undefined, before: Doc | null, after: Doc | null, afterJson?: string): BatchOp[] {
    const id = (after ?? before)!._id as string;
    const main: BatchOp = after
      ? { type: 'put', key: docKey(coll, id), value: afterJson ?? JSON.stringify(after) }
      : { type: 'del', key: docKey(coll, id) };
    const indexes = meta?.indexes;
    if ((indexes === undefined || indexes.length === 0) && !this.#d.summaries?.has(coll)) return [main];
    return [main, ...indexOps(coll, indexes ?? [], before, after), ...summaryOps(this.#d.summaries, coll, before, after)];
  }

  /** Writes a batch, adding the collection's metadata when it is not stored yet. */
  commit(coll: string, ops: BatchOp[]): Promise<void> {
    // A stored collection (nearly every write) needs no metadata op, so no wrapping async step either.
    if (this.#d.registry.stored(coll)) return this.#d.store.batch(ops);
    return this.#commitNew(coll, ops);
  }

  async #commitNew(coll: string, ops: BatchOp[]): Promise<void> {
    const { op } = this.#d.registry.ensure(coll, this.#d.clock.now());
    await this.#d.store.batch(op ? [op, ...ops] : ops);
    if (op) this.#d.registry.markPersisted(coll);
  }

  /** Runs a write section that reads the collection's index list and then commits. */
  track<T>(coll: string, fn: () => Promise<T>): Promise<T> {
    const p = fn();
    let set = this.#active.get(coll);
    if (!set) this.#active.set(coll, (set = new Set()));
    set.add(p);
    // The set stays when empty (collections are few): a lone writer does not make a new one per write.
    const done = (): void => void set.delete(p);
    p.then(done, done);
    return p;
  }

  /** Resolves when every write section started before this call has finished. */
  async drain(coll: string): Promise<void> {
    const set = this.#active.get(coll);
    if (set) await Promise.allSettled([...set]);
  }

  /** Removal paths call this: a capped collection's cached count is recounted on the next insert. */
  forgetCount(coll?: string): void {
    if (coll === undefined) this.#capCounts.clear();
    else this.#capCounts.delete(coll);
  }

  /** Deletes of the oldest documents so that `adding` new ones keep the collection at its cap. */
  async #trimOps(coll: string, cap: number, meta: CollectionMeta, adding: number): Promise<{ ops: BatchOp[]; countAfter: number }> {
    let count = this.#capCounts.get(coll);
    if (count === undefined) {
      count = 0;
      for await (const _ of this.#d.store.keys(rangeUnder(docPrefix(coll)))) count++;
    }
    const excess = Math.min(count, count + adding - cap);
    const ops: BatchOp[] = [];
    if (excess > 0) {
      for await (const [, json] of this.#d.store.entries(rangeUnder(docPrefix(coll), { limit: excess }))) {
        ops.push(...this.docOps(coll, meta, JSON.parse(json) as Doc, null));
      }
    }
    return { ops, countAfter: count + adding - Math.max(0, excess) };
  }
}

export function withoutId(doc: Doc): Doc {
  const { _id, ...rest } = doc;
  return rest;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Date) return 'a Date';
  return typeof v === 'object' ? 'a RegExp' : `a ${typeof v}`;
}

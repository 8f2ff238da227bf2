import type { CollectionAdmin } from './collection-admin.js';
import { checkCollection } from './collection-name.js';
import type { DocMutations } from './doc-mutations.js';
import type { Doc, DocReader } from './doc-reader.js';
import { withoutId, type DocWriter } from './doc-writer.js';
import { dbError } from './errors.js';
import type { KeyLock } from './key-lock.js';
import { parseFindOptions, splitQueryAndOptions } from './find-options.js';
import { checkId } from './object-id.js';
import { compileQuery, isOperatorObject } from './query/compile.js';
import { invalidQuery } from './query/invalid.js';
import { isPlainObject, toStorable } from './storable.js';
import { compileUpdate } from './update/compile.js';
import { upsertBase } from './update/upsert-base.js';

/**
 * The NoSQL half of the conn, taking the raw arguments apps pass (DB-03…33) and normalising them here, so
 * the facade in the worker stays a thin forwarder: id-or-query, options in 4th or 5th position, the legacy
 * getMany shape, every option spelling.
 */
export class NoSqlApi {
  readonly #reader: DocReader;
  readonly #writer: DocWriter;
  readonly #mutations: DocMutations;
  readonly #admin: CollectionAdmin;
  readonly #locks: KeyLock;

  constructor(deps: { reader: DocReader; writer: DocWriter; mutations: DocMutations; admin: CollectionAdmin; locks: KeyLock }) {
    this.#reader = deps.reader;
    this.#writer = deps.writer;
    this.#mutations = deps.mutations;
    this.#admin = deps.admin;
    this.#locks = deps.locks;
  }

  /** DB-03: a document → the stored document with `_id`; an array → the stored documents, all or none (AMB 17). */
  async insertOne(collection: unknown, input: unknown): Promise<Doc | Doc[]> {
    const coll = checkCollection(collection);
    if (!Array.isArray(input)) {
      const prepared = this.#writer.prepareNew(coll, input);
      await this.#writer.insert(coll, [prepared]);
      return prepared.doc;
    }
    const prepared = input.map((d) => this.#writer.prepareNew(coll, d));
    if (prepared.length) await this.#writer.insert(coll, prepared);
    return prepared.map((p) => p.doc);
  }

  /** DB-05/06: rejects with LH_DB_NOT_FOUND (404) when nothing matches. */
  async getOne(collection: unknown, idOrQuery: unknown): Promise<Doc> {
    const coll = checkCollection(collection);
    const filter = toFilter(coll, idOrQuery);
    const doc = await this.#reader.findFirst(coll, filter);
    if (!doc) throw notFound(coll, filter);
    return doc;
  }

  /** DB-07 */
  async findOneOrNull(collection: unknown, idOrQuery: unknown): Promise<Doc | null> {
    const coll = checkCollection(collection);
    return this.#reader.findFirst(coll, toFilter(coll, idOrQuery));
  }

  /** DB-08…10: the stream behind getMany/find; `$onlycount` yields one `{count}` (AMB 18). */
  find(collection: unknown, query?: unknown, options?: unknown): AsyncIterable<Doc> {
    const coll = checkCollection(collection);
    const split = splitQueryAndOptions(query, options);
    return this.#reader.find(coll, split.filter, parseFindOptions(split.options));
  }

  /** DB-26: `{count}` of documents matching the optional query (AMB 18). */
  async count(collection: unknown, query?: unknown, options?: unknown): Promise<{ count: number }> {
    const coll = checkCollection(collection);
    const split = splitQueryAndOptions(query, options);
    return { count: await this.#reader.count(coll, split.filter ?? {}) };
  }

  /**
   * DB-16/17/18/31: resolves the full updated document; with `{upsert: true}` and no match, inserts one built
   * from the query's equality fields plus the operators; with no match and no upsert resolves null (AMB 19).
   */
  async updateOne(collection: unknown, idOrQuery: unknown, update: unknown, opt4?: unknown, opt5?: unknown): Promise<Doc | null> {
    const coll = checkCollection(collection);
    const filter = toFilter(coll, idOrQuery);
    const { spec, options } = updateAndOptions(update, opt4, opt5);
    const compiled = compileUpdate(spec);
    const change = (doc: Doc): Doc => (compiled.apply(doc, { isInsert: false }), doc);
    const done = await this.#mutations.changeOne(coll, filter, change);
    if (done) return done[1];
    if (!options.upsert) return null;
    return this.#upsert(coll, filter, change, (base) => (compiled.apply(base, { isInsert: true }), base));
  }

  /** DB-19: `{count}` of updated documents (AMB 20). */
  async updateMany(collection: unknown, query: unknown, update: unknown, opt4?: unknown): Promise<{ count: number }> {
    const coll = checkCollection(collection);
    const filter = toQuery(query);
    const { spec } = updateAndOptions(update, opt4, undefined);
    const compiled = compileUpdate(spec);
    return { count: await this.#mutations.changeMany(coll, filter, (doc) => (compiled.apply(doc, { isInsert: false }), doc)) };
  }

  /** DB-20: the new document, `_id` kept; with no match and no upsert resolves null (like updateOne). */
  async replaceOne(collection: unknown, idOrQuery: unknown, replacement: unknown, options?: unknown): Promise<Doc | null> {
    const coll = checkCollection(collection);
    const filter = toFilter(coll, idOrQuery);
    const body = replacementBody(coll, replacement);
    const change = (before: Doc): Doc => ({ _id: before._id, ...body });
    const done = await this.#mutations.changeOne(coll, filter, change);
    if (done) return done[1];
    if (!isPlainObject(options) || !options.upsert) return null;
    return this.#upsert(coll, filter, change, (base) => ({ ...(base._id === undefined ? {} : { _id: base._id }), ...body }));
  }

  /** DB-21: `{count}`; every match keeps its `_id`. */
  async replaceMany(collection: unknown, query: unknown, replacement: unknown): Promise<{ count: number }> {
    const coll = checkCollection(collection);
    const body = replacementBody(coll, replacement);
    return { count: await this.#mutations.changeMany(coll, toQuery(query), (before) => ({ _id: before._id, ...body })) };
  }

  /** DB-22: `{_id}` of the removed document (AMB 21); LH_DB_NOT_FOUND when nothing matches. */
  async removeOne(collection: unknown, idOrQuery: unknown): Promise<{ _id: string }> {
    const coll = checkCollection(collection);
    const filter = toFilter(coll, idOrQuery);
    const done = await this.#mutations.changeOne(coll, filter, () => null);
    if (!done) throw notFound(coll, filter);
    return { _id: done[0]._id as string };
  }

  /** DB-23: `{count}`; `{}` empties the collection. */
  async removeMany(collection: unknown, query?: unknown, options?: unknown): Promise<{ count: number }> {
    const coll = checkCollection(collection);
    const split = splitQueryAndOptions(query, options);
    return { count: await this.#mutations.removeMany(coll, toQuery(split.filter)) };
  }

  createCollection = (c: unknown, o?: unknown) => this.#admin.createCollection(checkCollection(c), o);
  dropCollection = (c: unknown) => this.#admin.dropCollection(checkCollection(c));
  createIndex = (c: unknown, f: unknown) => this.#admin.createIndex(checkCollection(c), f);
  removeIndex = (c: unknown, f: unknown) => this.#admin.removeIndex(checkCollection(c), f);
  setSchema = (c: unknown, s: unknown) => this.#admin.setSchema(checkCollection(c), s);
  getSchema = async (c: unknown) => this.#admin.getSchema(checkCollection(c));
  removeSchema = (c: unknown) => this.#admin.removeSchema(checkCollection(c));

  /**
   * Upserts of one collection take turns: each looks for a match again before inserting, so two concurrent
   * upserts with the same query make one document, the second updating it.
   */
  #upsert(coll: string, filter: Record<string, unknown>, change: (doc: Doc) => Doc | null, build: (base: Doc) => Doc): Promise<Doc> {
    return this.#locks.run(`u/${coll}`, async () => {
      const done = await this.#mutations.changeOne(coll, filter, change);
      if (done?.[1]) return done[1];
      const prepared = this.#writer.prepareNew(coll, build(upsertBase(filter)));
      await this.#writer.insert(coll, [prepared]);
      return prepared.doc;
    });
  }
}

/** A string is `{_id: string}` (DB-05); otherwise a query object. The query is validated here. */
function toFilter(coll: string, idOrQuery: unknown): Record<string, unknown> {
  if (typeof idOrQuery === 'string') return { _id: checkId(idOrQuery, coll) };
  if (idOrQuery === undefined || idOrQuery === null) throw invalidQuery(`an _id or a query is required for collection "${coll}"`);
  return toQuery(idOrQuery);
}

function toQuery(query: unknown): Record<string, unknown> {
  if (query === undefined || query === null) return {};
  if (!isPlainObject(query)) throw invalidQuery(`expected a query object, got ${Array.isArray(query) ? 'an array' : typeof query}`);
  compileQuery(query);
  return query;
}

/**
 * DB-31: `updateOne(coll, q, doc, options)` or the README's `updateOne(coll, q, doc, updateOperators, options)`.
 * A 4th argument made only of `$` operators is merged into the update.
 */
function updateAndOptions(update: unknown, opt4: unknown, opt5: unknown): { spec: unknown; options: { upsert?: boolean } } {
  let spec = update;
  let options: unknown = opt4;
  if (opt5 !== undefined || isOperatorObject(opt4)) {
    if (isOperatorObject(opt4)) spec = mergeUpdates(update, opt4);
    options = opt5;
  }
  return { spec, options: isPlainObject(options) ? { upsert: Boolean(options.upsert) } : {} };
}

function mergeUpdates(a: unknown, b: Record<string, unknown>): unknown {
  if (!isPlainObject(a)) return a;
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = isPlainObject(out[k]) && isPlainObject(v) ? { ...out[k], ...v } : v;
  return out;
}

function replacementBody(coll: string, replacement: unknown): Doc {
  if (!isPlainObject(replacement) && (replacement === null || typeof replacement !== 'object' || Array.isArray(replacement))) {
    throw dbError('LH_DB_INVALID_DOCUMENT', `A replacement document for "${coll}" must be an object`);
  }
  return withoutId(toStorable(replacement) as Doc);
}

function notFound(coll: string, filter: Record<string, unknown>): Error {
  const keys = Object.keys(filter);
  const what = keys.length === 1 && typeof filter._id === 'string' ? `_id "${filter._id}"` : `query ${safeJson(filter)}`;
  return dbError('LH_DB_NOT_FOUND', `Document not found in collection "${coll}" (${what})`);
}

function safeJson(v: unknown): string {
  try {
    const s = JSON.stringify(v, (_k, x) => (x instanceof RegExp ? String(x) : x));
    return s.length > 200 ? `${s.slice(0, 200)}…` : s;
  } catch {
    return '(unprintable)';
  }
}

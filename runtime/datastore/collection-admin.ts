import type { Clock } from '../clock.js';
import type { BatchOp, Store } from '../storage/index.js';
import type { CollectionRegistry } from './collections.js';
import type { Doc } from './doc-reader.js';
import type { DocWriter } from './doc-writer.js';
import { dbError } from './errors.js';
import { indexEntryKeys, isValidIndexField } from './indexes.js';
import { docPrefix, idxCollPrefix, idxFieldPrefix, rangeUnder, summaryMarkerKey, summaryPrefix } from './key-layout.js';
import type { SchemaValidators } from './schemas.js';
import { isPlainObject } from './storable.js';

/** Documents read per batch while building an index over existing data. */
const BUILD_CHUNK = 1000;

/** createCollection/dropCollection, createIndex/removeIndex and the schema calls (DB-24, DB-25, DB-27). */
export class CollectionAdmin {
  readonly #store: Store;
  readonly #registry: CollectionRegistry;
  readonly #writer: DocWriter;
  readonly #schemas: SchemaValidators;
  readonly #clock: Clock;

  constructor(deps: { store: Store; registry: CollectionRegistry; writer: DocWriter; schemas: SchemaValidators; clock: Clock }) {
    this.#store = deps.store;
    this.#registry = deps.registry;
    this.#writer = deps.writer;
    this.#schemas = deps.schemas;
    this.#clock = deps.clock;
  }

  /**
   * Creates the collection, or updates its options when it exists (apps call this in their start-up hook on
   * every boot, so it must not fail the second time).
   */
  async createCollection(coll: string, options: unknown): Promise<{ collection: string; created: boolean }> {
    if (options !== undefined && options !== null && !isPlainObject(options)) {
      throw dbError('LH_DB_INVALID_COLLECTION', 'createCollection options must be an object like {cap, capdelay, schema}');
    }
    const o = (options ?? {}) as Record<string, unknown>;
    const cap = intOption('cap', o.cap, 1);
    const capdelay = intOption('capdelay', o.capdelay, 0);
    if (o.schema !== undefined && o.schema !== null) this.#schemas.compile(coll, o.schema);
    const created = !this.#registry.get(coll);
    await this.#persist(coll, (meta) => {
      if (cap !== undefined) meta.cap = cap;
      if (capdelay !== undefined) meta.capdelay = capdelay;
      if (o.schema !== undefined && o.schema !== null) meta.schema = o.schema as Record<string, unknown>;
    });
    this.#writer.forgetCount(coll);
    return { collection: coll, created };
  }

  /** Removes the documents, index entries and metadata. Dropping a missing collection is not an error. */
  async dropCollection(coll: string): Promise<{ collection: string; dropped: boolean }> {
    const existed = this.#registry.get(coll) !== undefined;
    // Without its summary marker, a drop cut short by a crash has its summaries rebuilt at the next open.
    await this.#store.batch([this.#registry.forget(coll), { type: 'del', key: summaryMarkerKey(coll) }]);
    await this.#writer.drain(coll);
    await this.#store.clear(rangeUnder(docPrefix(coll)));
    await this.#store.clear(rangeUnder(idxCollPrefix(coll)));
    await this.#store.clear(rangeUnder(summaryPrefix(coll)));
    this.#schemas.forget(coll);
    this.#writer.forgetCount(coll);
    return { collection: coll, dropped: existed };
  }

  /** Adds indexes and builds them over existing documents; resolves with the collection's indexed fields. */
  async createIndex(coll: string, fields: unknown): Promise<string[]> {
    const list = indexFields(fields);
    const fresh = list.filter((f) => !this.#registry.indexes(coll).includes(f));
    if (fresh.length) {
      await this.#persist(coll, (meta) => meta.indexes.push(...fresh));
      // Writes planned before the index existed would not add its entries; let them finish, then build.
      await this.#writer.drain(coll);
      await this.#build(coll, fresh);
    }
    return [...this.#registry.indexes(coll)];
  }

  async removeIndex(coll: string, fields: unknown): Promise<string[]> {
    const list = indexFields(fields);
    const present = list.filter((f) => this.#registry.indexes(coll).includes(f));
    if (present.length) {
      await this.#persist(coll, (meta) => (meta.indexes = meta.indexes.filter((f) => !present.includes(f))));
      await this.#writer.drain(coll);
      for (const f of present) await this.#store.clear(rangeUnder(idxFieldPrefix(coll, f)));
    }
    return [...this.#registry.indexes(coll)];
  }

  async setSchema(coll: string, schema: unknown): Promise<{ collection: string; schema: unknown }> {
    this.#schemas.compile(coll, schema);
    await this.#persist(coll, (meta) => (meta.schema = schema as Record<string, unknown>));
    return { collection: coll, schema };
  }

  getSchema(coll: string): unknown {
    return this.#registry.get(coll)?.schema ?? null;
  }

  async removeSchema(coll: string): Promise<{ collection: string; removed: boolean }> {
    const meta = this.#registry.get(coll);
    if (!meta?.schema) return { collection: coll, removed: false };
    await this.#persist(coll, (m) => delete m.schema);
    this.#schemas.forget(coll);
    return { collection: coll, removed: true };
  }

  async #persist(coll: string, change: Parameters<CollectionRegistry['update']>[2]): Promise<void> {
    await this.#store.batch([this.#registry.update(coll, this.#clock.now(), change)]);
    this.#registry.markPersisted(coll);
  }

  async #build(coll: string, fields: string[]): Promise<void> {
    let ops: BatchOp[] = [];
    let docs = 0;
    for await (const [, json] of this.#store.entries(rangeUnder(docPrefix(coll)))) {
      for (const key of indexEntryKeys(coll, fields, JSON.parse(json) as Doc)) ops.push({ type: 'put', key, value: '' });
      if (++docs % BUILD_CHUNK === 0) {
        await this.#store.batch(ops);
        ops = [];
      }
    }
    await this.#store.batch(ops);
  }
}

function indexFields(fields: unknown): string[] {
  const list = typeof fields === 'string' ? [fields] : fields;
  if (!Array.isArray(list) || list.length === 0 || !list.every(isValidIndexField)) {
    throw dbError('LH_DB_INVALID_INDEX', `Index fields must be a field name or a non-empty array of field names, got ${JSON.stringify(fields)}`);
  }
  return [...new Set(list)];
}

function intOption(name: string, v: unknown, min: number): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw dbError('LH_DB_INVALID_COLLECTION', `${name} must be an integer >= ${min}`);
  return v;
}

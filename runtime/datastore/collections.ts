import type { BatchOp, Store } from '../storage/index.js';
import { META_COLL_PREFIX, metaKey, rangeUnder } from './key-layout.js';

export interface CollectionMeta {
  name: string;
  createdAt: string;
  /** Max documents kept; the oldest are dropped past it (DB-25). */
  cap?: number;
  /** Accepted and stored; capping happens on insert without delay. */
  capdelay?: number;
  /** Indexed field paths, in creation order. */
  indexes: string[];
  schema?: Record<string, unknown>;
}

/**
 * Collection metadata, all of it held in memory (there are few collections) and written through to
 * `meta/coll/<name>`. A collection exists once it has metadata; the first insert creates it in the same batch.
 */
export class CollectionRegistry {
  readonly #store: Store;
  readonly #metas = new Map<string, CollectionMeta>();
  /** Collections whose metadata is known to be on disk; until then every write re-puts it in its batch. */
  readonly #persisted = new Set<string>();
  #version = 0;

  constructor(store: Store) {
    this.#store = store;
  }

  /** Reads every collection's metadata from the store, forgetting what was held (after a snapshot restore). */
  async load(): Promise<void> {
    this.#version++;
    this.#metas.clear();
    this.#persisted.clear();
    for await (const [key, value] of this.#store.entries(rangeUnder(META_COLL_PREFIX))) {
      const meta = JSON.parse(value) as CollectionMeta;
      meta.indexes ??= [];
      const name = key.slice(META_COLL_PREFIX.length);
      this.#metas.set(name, meta);
      this.#persisted.add(name);
    }
  }

  /** Changes with every change of metadata (another thread sharing the store then re-reads it). */
  get version(): number {
    return this.#version;
  }

  /** The collection's metadata once it is stored (a collection being created in this moment is not yet). */
  stored(name: string): CollectionMeta | undefined {
    return this.#persisted.has(name) ? this.#metas.get(name) : undefined;
  }

  get(name: string): CollectionMeta | undefined {
    return this.#metas.get(name);
  }

  names(): string[] {
    return [...this.#metas.keys()].sort();
  }

  indexes(name: string): readonly string[] {
    return this.#metas.get(name)?.indexes ?? [];
  }

  /** Metadata for a collection about to receive documents; `op` (for the same batch) is set until it is stored. */
  ensure(name: string, now: number): { meta: CollectionMeta; op?: BatchOp } {
    let meta = this.#metas.get(name);
    if (!meta) {
      meta = { name, createdAt: new Date(now).toISOString(), indexes: [] };
      this.#metas.set(name, meta);
      this.#version++;
    }
    if (this.#persisted.has(name)) return { meta };
    return { meta, op: this.#put(meta) };
  }

  markPersisted(name: string): void {
    if (this.#metas.has(name) && !this.#persisted.has(name)) {
      this.#persisted.add(name);
      this.#version++;
    }
  }

  /** Changes metadata in memory and returns the write that persists it. */
  update(name: string, now: number, change: (meta: CollectionMeta) => void): BatchOp {
    const meta = this.ensure(name, now).meta;
    change(meta);
    this.#version++;
    return this.#put(meta);
  }

  forget(name: string): BatchOp {
    this.#version++;
    this.#metas.delete(name);
    this.#persisted.delete(name);
    return { type: 'del', key: metaKey(name) };
  }

  #put(meta: CollectionMeta): BatchOp {
    return { type: 'put', key: metaKey(meta.name), value: JSON.stringify(meta) };
  }
}

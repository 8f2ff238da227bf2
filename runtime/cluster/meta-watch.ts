import { META_COLL_PREFIX } from '../datastore/key-layout.js';
import type { BatchOp, KeyRange, Store, StoreBackend } from '../storage/types.js';

/**
 * The store as the datastore of a cluster process sees it: writes go through unchanged, and a write that touches
 * collection metadata (a new collection, an index, a schema, a cap) calls `changed` once it is stored, so the
 * other processes re-read the metadata they keep in memory.
 */
export class MetaWatchStore implements Store {
  readonly #inner: Store;
  readonly #changed: () => void;

  constructor(inner: Store, changed: () => void) {
    this.#inner = inner;
    this.#changed = changed;
  }

  get backend(): StoreBackend {
    return this.#inner.backend;
  }

  get = (key: string) => this.#inner.get(key);
  getMany = (keys: string[]) => this.#inner.getMany(keys);
  entries = (range?: KeyRange) => this.#inner.entries(range);
  entryChunks = (range?: KeyRange) => this.#inner.entryChunks(range);
  keys = (range?: KeyRange) => this.#inner.keys(range);
  close = () => this.#inner.close();

  async put(key: string, value: string): Promise<void> {
    await this.#inner.put(key, value);
    if (key.startsWith(META_COLL_PREFIX)) this.#changed();
  }

  async del(key: string): Promise<void> {
    await this.#inner.del(key);
    if (key.startsWith(META_COLL_PREFIX)) this.#changed();
  }

  async batch(ops: BatchOp[]): Promise<void> {
    await this.#inner.batch(ops);
    if (ops.some((op) => op.key.startsWith(META_COLL_PREFIX))) this.#changed();
  }

  async clear(range?: KeyRange): Promise<void> {
    await this.#inner.clear(range);
    this.#changed();
  }
}

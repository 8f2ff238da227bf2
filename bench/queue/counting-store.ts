import type { BatchOp, KeyRange, Store, StoreBackend } from '../../runtime/storage/index.js';

/** Wraps a Store and counts what reaches it, so the bench can replay the same write load as a raw floor. */
export class CountingStore implements Store {
  readonly #inner: Store;
  batches = 0;
  ops = 0;
  bytes = 0;

  constructor(inner: Store) {
    this.#inner = inner;
  }

  get backend(): StoreBackend {
    return this.#inner.backend;
  }

  reset(): void {
    this.batches = 0;
    this.ops = 0;
    this.bytes = 0;
  }

  batch(ops: BatchOp[]): Promise<void> {
    if (ops.length > 0) {
      this.batches++;
      this.ops += ops.length;
      for (const op of ops) this.bytes += op.key.length + (op.type === 'put' ? op.value.length : 0);
    }
    return this.#inner.batch(ops);
  }

  put(key: string, value: string): Promise<void> {
    this.batches++;
    this.ops++;
    this.bytes += key.length + value.length;
    return this.#inner.put(key, value);
  }

  del(key: string): Promise<void> {
    this.batches++;
    this.ops++;
    this.bytes += key.length;
    return this.#inner.del(key);
  }

  get(key: string): Promise<string | undefined> {
    return this.#inner.get(key);
  }

  getMany(keys: string[]): Promise<(string | undefined)[]> {
    return this.#inner.getMany(keys);
  }

  entries(range?: KeyRange): AsyncIterable<[string, string]> {
    return this.#inner.entries(range);
  }

  entryChunks(range?: KeyRange): AsyncIterable<[string, string][]> {
    return this.#inner.entryChunks(range);
  }

  keys(range?: KeyRange): AsyncIterable<string> {
    return this.#inner.keys(range);
  }

  clear(range?: KeyRange): Promise<void> {
    return this.#inner.clear(range);
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}

/**
 * The raw cost floor: `batches` sequential level batch writes carrying the same number of ops and bytes the
 * measured run wrote (spread evenly), on a fresh store. Returns milliseconds.
 */
export async function writeFloorMs(store: Store, load: { batches: number; ops: number; bytes: number }): Promise<number> {
  const opsPerBatch = Math.max(1, Math.round(load.ops / Math.max(1, load.batches)));
  const valueSize = Math.max(1, Math.round(load.bytes / Math.max(1, load.ops)) - 30);
  const value = 'x'.repeat(valueSize);
  const started = performance.now();
  let n = 0;
  for (let b = 0; b < load.batches; b++) {
    const ops: BatchOp[] = [];
    for (let i = 0; i < opsPerBatch; i++) ops.push({ type: 'put', key: `floor/${String(n++).padStart(12, '0')}xxxxxxxxxxxx`, value });
    await store.batch(ops);
  }
  return performance.now() - started;
}

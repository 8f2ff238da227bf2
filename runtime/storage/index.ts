import { mkdir } from 'node:fs/promises';
import { Level } from 'level';
import { MemoryLevel } from 'memory-level';
import { LocalhooksError } from '../errors.js';
import { PgStore } from './pg-store.js';
import type { BatchOp, KeyRange, Store } from './types.js';
import { GroupCommit } from './group-commit.js';
import { attempt } from '../settle.js';

export type { BatchOp, KeyRange, Store, StoreBackend } from './types.js';
export { PgStore, isPostgresUrl, redactUrl } from './pg-store.js';
export { prefixRange } from './types.js';
export { acquireDataLock, findLiveLock, lockedError, type DataLock } from './data-lock.js';

/**
 * `syncReads`: single-key reads run in the calling thread (classic-level's getSync) instead of LevelDB's thread
 * pool, which saves two thread wakes per read. Only for a coderunner thread: a read that misses the caches blocks
 * that thread for a disk read, which the main thread (serving every request) must not do.
 */
export type StoreOptions = { backend: 'level'; path: string; syncReads?: boolean } | { backend: 'memory' } | { backend: 'postgres'; url: string };

/** Reads this many entries per iterator round trip: large enough to amortise, small enough to stream. */
const ITERATOR_CHUNK = 256;

// memory-level and level share abstract-level's API; one type keeps the adapter free of union overloads.
type AnyLevel = Level<string, string>;

class AbstractLevelStore implements Store {
  readonly backend: 'level' | 'memory';
  readonly #db: AnyLevel;
  /** Every write goes through here: concurrent writes share one LevelDB batch (each acknowledged after it). */
  readonly #writes: GroupCommit;
  readonly #syncReads: boolean;

  constructor(backend: 'level' | 'memory', db: AnyLevel, syncReads = false) {
    this.backend = backend;
    this.#db = db;
    this.#writes = new GroupCommit((ops) => this.#apply(ops));
    this.#syncReads = syncReads;
  }

  /**
   * One operation goes as a plain put or del: cheaper for classic-level than a batch of one. Several go as a
   * chained batch, which hands each key and value to LevelDB as they are (an array batch copies every operation
   * and reads its fields back one by one): about a fifth less CPU per operation in a group of 32.
   */
  #apply(ops: BatchOp[]): Promise<void> {
    if (ops.length === 1) {
      const op = ops[0]!;
      return op.type === 'put' ? this.#db.put(op.key, op.value) : this.#db.del(op.key);
    }
    const batch = this.#db.batch();
    try {
      for (const op of ops) {
        if (op.type === 'put') batch.put(op.key, op.value);
        else batch.del(op.key);
      }
    } catch (err) {
      return batch.close().then(() => Promise.reject(err));
    }
    return batch.write();
  }

  get(key: string): Promise<string | undefined> {
    return this.#syncReads ? attempt(() => this.#db.getSync(key)) : this.#db.get(key);
  }

  getMany(keys: string[]): Promise<(string | undefined)[]> {
    return this.#syncReads ? attempt(() => keys.map((key) => this.#db.getSync(key))) : this.#db.getMany(keys);
  }

  put(key: string, value: string): Promise<void> {
    return this.#writes.write([{ type: 'put', key, value }]);
  }

  del(key: string): Promise<void> {
    return this.#writes.write([{ type: 'del', key }]);
  }

  batch(ops: BatchOp[]): Promise<void> {
    if (ops.length === 0) return Promise.resolve();
    return this.#writes.write(ops);
  }

  async *entries(range: KeyRange = {}): AsyncIterable<[string, string]> {
    for await (const chunk of this.entryChunks(range)) yield* chunk;
  }

  async *entryChunks(range: KeyRange = {}): AsyncIterable<[string, string][]> {
    const it = this.#db.iterator(range);
    try {
      for (;;) {
        const chunk = await it.nextv(ITERATOR_CHUNK);
        if (chunk.length === 0) return;
        yield chunk as [string, string][];
      }
    } finally {
      await it.close();
    }
  }

  async *keys(range: KeyRange = {}): AsyncIterable<string> {
    const it = this.#db.keys(range);
    try {
      for (;;) {
        const chunk = await it.nextv(ITERATOR_CHUNK);
        if (chunk.length === 0) return;
        yield* chunk;
      }
    } finally {
      await it.close();
    }
  }

  clear(range: KeyRange = {}): Promise<void> {
    return this.#db.clear(range);
  }

  close(): Promise<void> {
    return this.#db.close();
  }
}

/** The one factory that picks a backend; services never import `level` themselves. */
export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.backend === 'postgres') return PgStore.open(options.url);
  if (options.backend === 'memory') {
    const db = new MemoryLevel<string, string>({ keyEncoding: 'utf8', valueEncoding: 'utf8' });
    await db.open();
    return new AbstractLevelStore('memory', db as unknown as AnyLevel);
  }
  await mkdir(options.path, { recursive: true });
  // Coderunner threads open the same folder to answer the app's calls themselves (runtime/storage/direct-control.ts).
  const db = new Level<string, string>(options.path, { keyEncoding: 'utf8', valueEncoding: 'utf8', multithreading: true });
  try {
    await db.open();
  } catch (err) {
    // The data folder lock normally says who holds it; this is the race where two servers took over one stale lock.
    if ((err as { cause?: { code?: string } }).cause?.code === 'LEVEL_LOCKED') {
      throw new LocalhooksError('LH_DATA_LOCKED', `The database in ${options.path} is open in another process (another localhooks serving the same data folder?)`, { status: 409, cause: err });
    }
    throw err;
  }
  return new AbstractLevelStore('level', db, options.syncReads === true);
}

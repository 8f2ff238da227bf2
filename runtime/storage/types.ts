/**
 * The one storage interface every service writes through. Keys and values are strings; keys sort bytewise,
 * so services build ordered key spaces with prefixes (`doc/<collection>/<_id>`, `idx/…`, `kv/…`, `queue/…`).
 * A batch is atomic: a document and its index entries, or a queue state move, change together or not at all.
 */
export interface KeyRange {
  gt?: string;
  gte?: string;
  lt?: string;
  lte?: string;
  reverse?: boolean;
  limit?: number;
}

export type BatchOp = { type: 'put'; key: string; value: string } | { type: 'del'; key: string };

/** `postgres`: several processes may share the store (docs/scale-out.md). */
export type StoreBackend = 'level' | 'memory' | 'postgres';

export interface Store {
  readonly backend: StoreBackend;
  get(key: string): Promise<string | undefined>;
  getMany(keys: string[]): Promise<(string | undefined)[]>;
  put(key: string, value: string): Promise<void>;
  del(key: string): Promise<void>;
  batch(ops: BatchOp[]): Promise<void>;
  /** Entries in key order (or reverse), read in chunks so large ranges stream. */
  entries(range?: KeyRange): AsyncIterable<[string, string]>;
  /** The same entries a chunk at a time, as the store reads them: one await per chunk instead of per entry. */
  entryChunks(range?: KeyRange): AsyncIterable<[string, string][]>;
  keys(range?: KeyRange): AsyncIterable<string>;
  clear(range?: KeyRange): Promise<void>;
  close(): Promise<void>;
}

/** Every key below `prefix`: `{gte: prefix, lt: prefix + '\uffff'}`. */
export function prefixRange(prefix: string, extra: Omit<KeyRange, 'gt' | 'gte' | 'lt' | 'lte'> = {}): KeyRange {
  return { ...extra, gte: prefix, lt: prefix + '\uffff' };
}

import type { Logger } from '../logger.js';
import { prefixRange, type BatchOp, type Store } from '../storage/index.js';
import type { InboxEntry } from './types.js';

const PREFIX = 'inbox/';
/**
 * Finished entries reach the store at most this long after they finished, in one batch. Under load only the
 * newest `capacity` of each interval are written, so a longer interval costs the hot path less; a clean
 * shutdown writes what is pending, a crash loses at most this much.
 */
const FLUSH_MS = 3000;

interface Stored extends Omit<InboxEntry, 'body' | 'responseBody'> {
  body: string;
  responseBody: string | null;
}

const slotKey = (id: number, capacity: number) => `${PREFIX}${String(id % capacity).padStart(8, '0')}`;

/**
 * The inbox on disk: one key per ring slot (`inbox/<id mod capacity>`), so a new entry overwrites the one it
 * pushed out and nothing needs deleting. Entries written in a burst larger than the ring are never written.
 */
export class InboxStore {
  /** Finished since the last flush, in finishing order; only the newest `capacity` are written. */
  #dirty: InboxEntry[] = [];
  #timer: NodeJS.Timeout | null = null;
  #writing: Promise<void> = Promise.resolve();

  constructor(
    readonly store: Store,
    readonly capacity: number,
    readonly logger: Logger,
  ) {}

  async load(): Promise<InboxEntry[]> {
    if (this.capacity === 0) return [];
    const out: InboxEntry[] = [];
    const misplaced: string[] = [];
    for await (const [key, value] of this.store.entries(prefixRange(PREFIX))) {
      try {
        const e = decode(JSON.parse(value) as Stored);
        out.push(e);
        if (key !== slotKey(e.id, this.capacity)) misplaced.push(key);
      } catch {
        misplaced.push(key);
      }
    }
    out.sort((a, b) => a.id - b.id);
    const kept = out.slice(-this.capacity);
    // The capacity changed since the last run: lay the kept entries out in the new slots.
    if (misplaced.length > 0 || kept.length < out.length) {
      await this.store.clear(prefixRange(PREFIX));
      await this.store.batch(kept.map((e) => ({ type: 'put', key: slotKey(e.id, this.capacity), value: JSON.stringify(encode(e)) })));
    }
    return kept;
  }

  mark(entry: InboxEntry): void {
    if (this.capacity === 0) return;
    this.#dirty.push(entry);
    // Only the newest `capacity` matter: older ones were pushed out of the ring before they were written.
    if (this.#dirty.length >= 2 * this.capacity) this.#dirty.splice(0, this.#dirty.length - this.capacity);
    this.#timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    // An entry whose bytes a newer one took over is superseded by it: both have the same key.
    const entries = (this.#dirty.length > this.capacity ? this.#dirty.slice(-this.capacity) : this.#dirty).filter((e) => (e as { readable?: boolean }).readable !== false);
    this.#dirty = [];
    if (entries.length === 0) return this.#writing;
    const ops: BatchOp[] = entries.map((e) => ({ type: 'put', key: slotKey(e.id, this.capacity), value: JSON.stringify(encode(e)) }));
    this.#writing = this.#writing.then(() => this.store.batch(ops)).catch((err) => this.logger.warn(`request inbox: could not save ${ops.length} requests: ${(err as Error).message}`));
    return this.#writing;
  }

  async clear(): Promise<void> {
    this.#dirty = [];
    await this.#writing;
    await this.store.clear(prefixRange(PREFIX));
  }

  async close(ring: InboxEntry[]): Promise<void> {
    // Answered entries only: one still in flight at shutdown has no answer to keep.
    const inFlight = new Set(ring.filter((e) => e.status === null).map((e) => e.id));
    if (inFlight.size > 0) this.#dirty = this.#dirty.filter((e) => !inFlight.has(e.id));
    await this.flush();
  }
}

const b64 = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString('base64');

function encode(entry: InboxEntry): Stored {
  // A ring entry keeps its fields behind getters (inbox/recorded.ts): read them as plain data first.
  const e = 'toJSON' in entry ? (entry as { toJSON(): InboxEntry }).toJSON() : entry;
  return { ...e, body: b64(e.body), responseBody: e.responseBody === null ? null : b64(e.responseBody) };
}

function decode(s: Stored): InboxEntry {
  return { ...s, body: Buffer.from(s.body, 'base64'), responseBody: s.responseBody === null ? null : Buffer.from(s.responseBody, 'base64') };
}

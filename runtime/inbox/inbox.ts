import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { FlatHeaders, GatewayRequest } from '../runner/protocol.js';
import type { Store } from '../storage/index.js';
import { errorResponse } from '../server/errors.js';
import { InboxStore } from './inbox.store.js';
import { RecordedEntry } from './recorded.js';
import { EntryArena } from './arena.js';
import type { HeaderMap, InboxEntry, InboxOptions } from './types.js';

/** The default ring: enough to scroll back through a working session, small enough to load at start. */
export const DEFAULT_CAPACITY = 1000;
/** Bodies are kept up to this many bytes each; webhooks are far smaller, uploads are marked truncated. */
export const DEFAULT_BODY_LIMIT = 256 * 1024;
/** The header a replay carries so the inbox links the new entry to the old one; the app never sees it. */
export const REPLAY_HEADER = 'x-localhooks-replay';

/** What the gateway hands the inbox for each app request; it answers through the returned handle. */
export interface RequestTap {
  open(request: GatewayRequest): TapHandle;
}

export interface TapHandle {
  /** `headers`: as name, value pairs (the gateway) or an object. */
  answer(status: number, headers: FlatHeaders | HeaderMap, body: Uint8Array | null): void;
  failed(err: unknown): void;
}

export interface InboxDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  options?: InboxOptions;
  /** Told of every finished request (the dashboard's charts and live list). */
  onFinished?(entry: InboxEntry): void;
}

/** One request on its way through the gateway: a single object per request, no closures. */
class Pending implements TapHandle {
  constructor(
    readonly inbox: RequestInbox,
    readonly entry: RecordedEntry,
    readonly started: number,
    readonly waiter: string | null,
  ) {}

  answer(status: number, headers: FlatHeaders | HeaderMap, body: Uint8Array | null): void {
    const e = this.entry;
    e.status = status;
    e.responseHeaders = headers;
    if (body) {
      const limit = this.inbox.bodyLimit;
      e.responseSize = body.byteLength;
      e.responseTruncated = body.byteLength > limit;
      e.responseBody = e.responseTruncated ? body.subarray(0, limit) : body;
    }
    this.inbox.finished(this);
  }

  failed(err: unknown): void {
    const e = this.entry;
    if (e.status !== null) return;
    const { status, body } = errorResponse(err);
    e.status = status;
    e.error = { code: body.code ?? 'LH_INTERNAL', message: body.error };
    e.responseHeaders = { 'content-type': 'application/json' };
    const bytes = new TextEncoder().encode(JSON.stringify(body));
    e.responseBody = bytes;
    e.responseSize = bytes.byteLength;
    this.inbox.finished(this);
  }
}

/**
 * The webhook inbox: the last `capacity` requests the app received, with their raw bodies and the app's
 * answers, persisted in the data folder. The gateway's cost per request is one entry, one handle and a slot
 * in a fixed ring; writes to the store happen later, in one batch, only for entries still in the ring by then.
 */
export class RequestInbox implements RequestTap {
  readonly capacity: number;
  readonly bodyLimit: number;
  /** A circular buffer: `#ring[#head]` is the oldest once it has filled. */
  #ring: (InboxEntry | undefined)[];
  #head = 0;
  #size = 0;
  #nextId = 1;
  #persist: InboxStore;
  #deps: InboxDeps;
  #waiters = new Map<string, (e: InboxEntry) => void>();
  readonly #arena: EntryArena;

  private constructor(deps: InboxDeps, persist: InboxStore) {
    this.#deps = deps;
    this.capacity = deps.options?.capacity ?? DEFAULT_CAPACITY;
    this.bodyLimit = deps.options?.bodyLimit ?? DEFAULT_BODY_LIMIT;
    this.#persist = persist;
    this.#ring = new Array(this.capacity);
    this.#arena = new EntryArena(this.capacity);
  }

  static async open(deps: InboxDeps): Promise<RequestInbox> {
    const capacity = deps.options?.capacity ?? DEFAULT_CAPACITY;
    const persist = new InboxStore(deps.store, capacity, deps.logger);
    const inbox = new RequestInbox(deps, persist);
    for (const e of await persist.load()) inbox.#push(e);
    inbox.#nextId = (inbox.list()[0]?.id ?? 0) + 1;
    return inbox;
  }

  open(request: GatewayRequest): TapHandle {
    const h = request.headers as HeaderMap;
    let replayOf: number | null = null;
    let waiter: string | null = null;
    const marker = h[REPLAY_HEADER];
    if (marker !== undefined) {
      delete h[REPLAY_HEADER];
      const [of, nonce] = String(marker).split('.');
      if (of && Number.isSafeInteger(Number(of))) replayOf = Number(of);
      if (nonce) waiter = nonce;
    }
    const raw = request.rawBody;
    // A large upload was spooled to a file for the app: the inbox keeps its size, not its bytes.
    const spooled = request.bodyFile?.size;
    // Kept as a view while in flight, copied to a string once answered (the socket's chunk may be a view into a
    // larger pooled buffer that should not stay alive).
    const body = raw.byteLength > this.bodyLimit ? raw.subarray(0, this.bodyLimit) : raw;
    const entry = new RecordedEntry(this.#nextId++, this.#deps.clock.now(), request, body, spooled ?? raw.byteLength, spooled !== undefined || raw.byteLength > this.bodyLimit, replayOf);
    this.#push(entry);
    return new Pending(this, entry, performance.now(), waiter);
  }

  /** @internal called by a request's handle once the app (or the gateway) answered. */
  finished(p: Pending): void {
    const e = p.entry;
    e.ms = Math.round((performance.now() - p.started) * 10) / 10;
    e.compact(this.#arena);
    this.#persist.mark(e);
    this.#deps.onFinished?.(e);
    if (p.waiter) {
      // A copy: the replay's answer is read after an await, by when the ring may have moved on.
      this.#waiters.get(p.waiter)?.(e.toJSON());
      this.#waiters.delete(p.waiter);
    }
  }

  #push(e: InboxEntry): void {
    if (this.capacity === 0) return;
    if (this.#size < this.capacity) this.#ring[(this.#head + this.#size++) % this.capacity] = e;
    else {
      this.#ring[this.#head] = e;
      this.#head = (this.#head + 1) % this.capacity;
    }
  }

  /** Resolves with the entry a replay carrying `nonce` produced. */
  expect(nonce: string): Promise<InboxEntry> {
    return new Promise((resolve) => this.#waiters.set(nonce, resolve));
  }

  forget(nonce: string): void {
    this.#waiters.delete(nonce);
  }

  /** Newest first. */
  list(): InboxEntry[] {
    const out: InboxEntry[] = [];
    for (let i = this.#size - 1; i >= 0; i--) out.push(this.#ring[(this.#head + i) % this.capacity]!);
    return out;
  }

  get(id: number): InboxEntry | undefined {
    // Ids increase along the ring: a thousand entries scan in microseconds.
    return this.list().find((e) => e.id === id);
  }

  async clear(): Promise<void> {
    this.#ring = new Array(this.capacity);
    this.#head = this.#size = 0;
    await this.#persist.clear();
  }

  async close(): Promise<void> {
    await this.#persist.close(this.list());
  }
}

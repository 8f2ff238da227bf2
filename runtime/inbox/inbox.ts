import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { RunnerRequest } from '../runner/protocol.js';
import type { Store } from '../storage/index.js';
import { errorResponse } from '../server/errors.js';
import { InboxStore } from './inbox.store.js';
import type { HeaderMap, InboxEntry, InboxOptions } from './types.js';

/** The default ring: enough to scroll back through a working session, small enough to load at start. */
export const DEFAULT_CAPACITY = 1000;
/** Bodies are kept up to this many bytes each; webhooks are far smaller, uploads are marked truncated. */
export const DEFAULT_BODY_LIMIT = 256 * 1024;
/** The header a replay carries so the inbox links the new entry to the old one; the app never sees it. */
export const REPLAY_HEADER = 'x-localhooks-replay';

/** What the gateway hands the inbox for each app request; it answers through the returned handle. */
export interface RequestTap {
  open(request: RunnerRequest): TapHandle;
}

export interface TapHandle {
  answer(status: number, headers: HeaderMap, body: Uint8Array | null): void;
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

/**
 * The webhook inbox: the last `capacity` requests the app received, newest last, with their raw bodies and
 * the app's answers, persisted in the data folder. The gateway's cost per request is one object and a push;
 * writes to the store happen later, in one batch, and only for entries still in the ring by then.
 */
export class RequestInbox implements RequestTap {
  readonly capacity: number;
  readonly bodyLimit: number;
  #ring: InboxEntry[] = [];
  #nextId = 1;
  #persist: InboxStore;
  #deps: InboxDeps;
  #waiters = new Map<string, (e: InboxEntry) => void>();

  private constructor(deps: InboxDeps, persist: InboxStore) {
    this.#deps = deps;
    this.capacity = deps.options?.capacity ?? DEFAULT_CAPACITY;
    this.bodyLimit = deps.options?.bodyLimit ?? DEFAULT_BODY_LIMIT;
    this.#persist = persist;
  }

  static async open(deps: InboxDeps): Promise<RequestInbox> {
    const capacity = deps.options?.capacity ?? DEFAULT_CAPACITY;
    const persist = new InboxStore(deps.store, capacity, deps.logger);
    const inbox = new RequestInbox(deps, persist);
    inbox.#ring = await persist.load();
    inbox.#nextId = (inbox.#ring.at(-1)?.id ?? 0) + 1;
    return inbox;
  }

  open(request: RunnerRequest): TapHandle {
    const h = request.headers as HeaderMap;
    let replayOf: number | null = null;
    let waiter: string | null = null;
    const marker = h[REPLAY_HEADER];
    if (typeof marker === 'string') {
      delete h[REPLAY_HEADER];
      const [of, nonce] = marker.split('.');
      if (Number.isSafeInteger(Number(of))) replayOf = Number(of);
      if (nonce) waiter = nonce;
    }
    const raw = request.rawBody;
    const truncated = raw.byteLength > this.bodyLimit;
    const entry: InboxEntry = {
      id: this.#nextId++,
      time: this.#deps.clock.now(),
      method: request.method,
      url: request.originalUrl,
      path: request.apiPath,
      headers: h,
      // A copy: the socket's chunk may be a view into a larger pooled buffer that should not stay alive.
      body: raw.byteLength === 0 ? raw : new Uint8Array(raw.subarray(0, this.bodyLimit)),
      bodySize: raw.byteLength,
      bodyTruncated: truncated,
      status: null,
      responseHeaders: {},
      responseBody: null,
      responseSize: 0,
      responseTruncated: false,
      ms: null,
      replayOf,
      error: null,
    };
    this.#ring.push(entry);
    if (this.#ring.length > this.capacity) this.#ring.shift();
    const started = performance.now();
    const done = () => {
      entry.ms = Math.round((performance.now() - started) * 10) / 10;
      this.#persist.mark(entry);
      this.#deps.onFinished?.(entry);
      if (waiter) {
        this.#waiters.get(waiter)?.(entry);
        this.#waiters.delete(waiter);
      }
    };
    return {
      answer: (status, headers, body) => {
        entry.status = status;
        entry.responseHeaders = headers;
        if (body) {
          entry.responseSize = body.byteLength;
          entry.responseTruncated = body.byteLength > this.bodyLimit;
          entry.responseBody = entry.responseTruncated ? body.slice(0, this.bodyLimit) : body;
        }
        done();
      },
      failed: (err) => {
        const { status, body } = errorResponse(err);
        entry.status = status;
        entry.error = { code: body.code ?? 'LH_INTERNAL', message: body.error };
        entry.responseHeaders = { 'content-type': 'application/json' };
        entry.responseBody = new TextEncoder().encode(JSON.stringify(body));
        entry.responseSize = entry.responseBody.byteLength;
        done();
      },
    };
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
    return [...this.#ring].reverse();
  }

  get(id: number): InboxEntry | undefined {
    // Ids increase along the ring: a binary search would do, but a thousand entries scan in microseconds.
    return this.#ring.find((e) => e.id === id);
  }

  async clear(): Promise<void> {
    this.#ring = [];
    await this.#persist.clear();
  }

  async close(): Promise<void> {
    await this.#persist.close(this.#ring);
  }
}

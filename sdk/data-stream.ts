import { EventEmitter } from 'node:events';
import { LocalhooksError } from './errors.js';

/** The next macrotask: setImmediate where it exists (Node, workers), not setTimeout's 1 ms floor per query. */
const nextTick: (fn: () => void) => void = typeof setImmediate === 'function' ? (fn) => void setImmediate(fn) : (fn) => void setTimeout(fn, 0);

/** Bytes of JSON gathered before one `res.write`: fewer, larger chunks without holding a whole result. */
const JSON_CHUNK = 16 * 1024;

/** What json(res) needs of a codehooks-like response object. */
export interface JsonResponse {
  write(chunk: string): unknown;
  end(chunk?: string): unknown;
  set?(name: string, value: string): unknown;
  setHeader?(name: string, value: string): unknown;
  getHeader?(name: string): unknown;
  status?(code: number): unknown;
  headers?: Record<string, unknown>;
}

type Sink = (item: unknown) => unknown;
type RunResult = { error: unknown } | undefined;

/** What `.sort()`, `.limit()` and `.skip()` set before the stream is read; the source applies them. */
export interface CursorOptions {
  sort?: Record<string, 1 | -1> | string | string[];
  limit?: number;
  offset?: number;
}

/**
 * What getMany/find/getAll return, synchronously (DB-08). Items flow only once someone consumes — a 'data' or
 * 'end' listener, toArray, forEach, json, pipe or for-await — and then from the next macrotask, so listeners
 * attached right after the call (or after an await) still see every item (CONTRACT-31). Deliberately not
 * thenable: `await stream` yields the stream itself, which crudlify relies on.
 */
export class DataStream<T = unknown> extends EventEmitter {
  readonly #source: (cursor: CursorOptions) => AsyncIterable<T>;
  readonly #cursor: CursorOptions = {};
  readonly #sinks: Sink[] = [];
  #run: Promise<RunResult> | undefined;
  #running = false;
  /** Consumers that get errors through a promise (toArray/forEach/json); with none, errors must surface. */
  #awaiting = 0;

  constructor(source: (cursor: CursorOptions) => AsyncIterable<T>) {
    super();
    this.#source = source;
  }

  /**
   * Cursor-style chaining before the stream is read, as Codehooks' own templates do:
   * `conn.getMany('email_log', q).sort({ sentAt: -1 }).limit(100).toArray()`. Each overrides the same option
   * given to getMany; the order of the calls does not matter (sort, then skip, then limit, as in MongoDB).
   */
  sort(spec: CursorOptions['sort']): this {
    return this.#set('sort', spec);
  }

  limit(n: number): this {
    return this.#set('limit', checkCount('limit', n));
  }

  skip(n: number): this {
    return this.#set('offset', checkCount('skip', n));
  }

  #set<K extends keyof CursorOptions>(key: K, value: CursorOptions[K]): this {
    if (this.#run) throw streamError('LH_DB_STREAM_CONSUMED', `.${key === 'offset' ? 'skip' : key}() must come before the DataStream is read`);
    this.#cursor[key] = value;
    return this;
  }

  override on(event: string | symbol, listener: (...args: any[]) => void): this {
    super.on(event, listener);
    if (event === 'data' || event === 'end') void this.#start();
    return this;
  }

  override addListener(event: string | symbol, listener: (...args: any[]) => void): this {
    return this.on(event, listener);
  }

  override once(event: string | symbol, listener: (...args: any[]) => void): this {
    super.once(event, listener);
    if (event === 'data' || event === 'end') void this.#start();
    return this;
  }

  /** DB-12 */
  async toArray(): Promise<T[]> {
    const items: T[] = [];
    await this.#consume((item) => void items.push(item as T));
    return items;
  }

  /** DB-13: resolves after the last item; an async callback is awaited before the next item is read. */
  async forEach(callback: (item: T) => unknown): Promise<void> {
    if (typeof callback !== 'function') throw new TypeError('forEach needs a callback function');
    await this.#consume(callback as Sink);
  }

  /** DB-14: streams a JSON array into `res` (content-type application/json unless already set) and ends it. */
  async json(res: JsonResponse): Promise<void> {
    if (!contentType(res)) (res.set ?? res.setHeader)?.call(res, 'content-type', 'application/json');
    await this.#writeJson(res, true);
  }

  /** Writes the JSON array text into any writable with write/end (a Node stream or a codehooks res). */
  pipe<T extends { write(chunk: string): unknown; end(chunk?: string): unknown }>(dest: T): T {
    void this.#writeJson(dest as unknown as JsonResponse, false);
    return dest;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    this.#claim();
    this.#running = true;
    this.#run = Promise.resolve(undefined);
    yield* this.#source(this.#cursor);
  }

  /** `http`: errors before the first byte become an error response; otherwise they surface as unhandled. */
  async #writeJson(res: JsonResponse, http: boolean): Promise<void> {
    let buf = '[';
    let wrote = false;
    let first = true;
    const result = await this.#consumeResult(http, (item) => {
      buf += (first ? '' : ',') + JSON.stringify(item);
      first = false;
      if (buf.length >= JSON_CHUNK) {
        res.write(buf);
        wrote = true;
        buf = '';
      }
    });
    if (!result) {
      res.write(buf + ']');
      res.end();
      return;
    }
    // Nothing sent yet: answer with the error instead. Otherwise the array is cut short and the response ended.
    if (!wrote && http) {
      const err = result.error as { message?: string; code?: string; status?: number };
      res.status?.(typeof err?.status === 'number' ? err.status : 500);
      res.end(JSON.stringify({ error: err?.message ?? String(result.error), ...(err?.code ? { code: err.code } : {}) }));
    } else res.end();
  }

  async #consume(sink: Sink): Promise<void> {
    const result = await this.#consumeResult(true, sink);
    if (result) throw result.error;
  }

  #consumeResult(awaited: boolean, sink: Sink): Promise<RunResult> {
    this.#claim();
    this.#sinks.push(sink);
    if (awaited) this.#awaiting++;
    return this.#start();
  }

  #claim(): void {
    if (this.#running) throw streamError('LH_DB_STREAM_CONSUMED', 'This DataStream has already been read; call getMany/find again for a new one');
  }

  #start(): Promise<RunResult> {
    this.#run ??= new Promise<void>((resolve) => nextTick(resolve)).then(() => this.#flow());
    return this.#run;
  }

  async #flow(): Promise<RunResult> {
    this.#running = true;
    try {
      for await (const item of this.#source(this.#cursor)) {
        this.emit('data', item);
        for (const sink of this.#sinks) {
          const r = sink(item);
          if (r && typeof (r as Promise<unknown>).then === 'function') await r;
        }
      }
    } catch (error) {
      if (this.listenerCount('error') > 0) this.emit('error', error);
      else if (this.#awaiting === 0) void Promise.reject(error); // nobody would see it otherwise: let the runner's guard log it
      return { error };
    }
    this.emit('end');
    return undefined;
  }
}

function streamError(code: 'LH_DB_STREAM_CONSUMED' | 'LH_DB_INVALID_QUERY', message: string): LocalhooksError {
  return new LocalhooksError(code, message, { status: code === 'LH_DB_STREAM_CONSUMED' ? 409 : 400 });
}

function checkCount(name: string, n: unknown): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw streamError('LH_DB_INVALID_QUERY', `${name}() takes a non-negative integer, got ${JSON.stringify(n)}`);
  return n;
}

function contentType(res: JsonResponse): unknown {
  try {
    return res.getHeader?.('content-type') ?? res.headers?.['content-type'];
  } catch {
    return undefined;
  }
}

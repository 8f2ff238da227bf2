import type { IncomingMessage, ServerResponse } from 'node:http';
import { REALTIME_CONNECT_HEADER } from '../../sdk/contract/realtime.js';
import type { TapHandle } from '../inbox/inbox.js';
import type { RealtimeService } from '../realtime/index.js';
import type { RunnerHost } from '../runner/host.js';
import { addMissing, headerOf, setHeader, type FlatHeaders, type GatewayRequest } from '../runner/protocol.js';
import type { ResponseHandlers, Runner } from '../runner/runner.js';
import { errorResponse, gatewayError } from './errors.js';
import { offlineSwaggerAssets } from './swagger-assets.js';

type Headers = Record<string, string>;

/** What every exchange of one gateway shares. */
export interface ExchangeContext {
  host: RunnerHost;
  timeoutMs: number;
  /** The exchanges waiting for their answer's first byte (make one with `new Deadlines(timeoutMs)`). */
  deadlines: Deadlines;
  realtime?: RealtimeService;
  /** Answers an error (the gateway's one place that turns errors into responses). */
  fail(res: ServerResponse, err: unknown, cors: Headers): void;
  /** The exchange is over (answered, streaming, failed or given up): a spooled body may go. */
  release?(ex: Exchange): void;
  /** Tells the developer why the app's answer was replaced by a 500 (the log). */
  appError?(message: string): void;
}

/** A place in a Deadlines list. */
class Waiting {
  /** @internal */ prev: Waiting | null = null;
  /** @internal */ next: Waiting | null = null;
  /** @internal performance.now() past which it times out; 0 while not in a list. */
  due = 0;
  /** @internal */ timedOut(): void {}
}

/**
 * The exchanges waiting for a first byte, oldest first, and one timer for the oldest: every exchange has the same
 * timeout, so the list stays in deadline order. Cheaper per request than a Node timer each (an object, the timer
 * list's bookkeeping and a clock read in C++ on set and clear).
 */
export class Deadlines {
  #head: Waiting | null = null;
  #tail: Waiting | null = null;
  #timer: NodeJS.Timeout | null = null;
  readonly #ms: number;

  constructor(ms: number) {
    this.#ms = ms;
  }

  add(w: Waiting): void {
    if (w.due !== 0) this.remove(w);
    w.due = performance.now() + this.#ms;
    w.prev = this.#tail;
    if (this.#tail) this.#tail.next = w;
    else this.#head = w;
    this.#tail = w;
    this.#timer ??= this.#arm(this.#ms);
  }

  remove(w: Waiting): void {
    if (w.due === 0) return;
    w.due = 0;
    if (w.prev) w.prev.next = w.next;
    else this.#head = w.next;
    if (w.next) w.next.prev = w.prev;
    else this.#tail = w.prev;
    w.prev = w.next = null;
  }

  // Left armed while the list empties and fills again between batches (no timer churn under load); unref'd,
  // as a request in flight keeps the process alive through its socket anyway.
  #arm(ms: number): NodeJS.Timeout {
    return setTimeout(this.#fire, ms).unref();
  }

  #fire = (): void => {
    this.#timer = null;
    const now = performance.now();
    // Timers may fire a little early (ms rounding): what is due within 1 ms goes now.
    while (this.#head && this.#head.due <= now + 1) {
      const w = this.#head;
      this.remove(w);
      w.timedOut();
    }
    if (this.#head && !this.#timer) this.#timer = this.#arm(Math.max(1, Math.ceil(this.#head.due - now)));
  };
}

/** Larger bodies are written as they are: a copy into a string would cost more than the second chunk. */
const STRING_BODY_MAX = 16 * 1024;

const EXCHANGE = Symbol('exchange');
type Tracked = ServerResponse & { [EXCHANGE]?: Exchange };

/**
 * One app request on its way through a runner and back. A single object per request whose methods are the
 * runner's response handlers: the main thread is the bottleneck of app traffic, and per-request closures,
 * promises and listeners are a good part of its work. Settles once: answered (or started streaming), failed,
 * timed out, or the client went away.
 */
export class Exchange extends Waiting implements ResponseHandlers {
  #id = 0;
  #runner: Runner | null = null;
  #attempt = 0;
  #settled = false;
  #streaming = false;

  constructor(
    readonly ctx: ExchangeContext,
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly request: GatewayRequest,
    readonly cors: Headers,
    readonly tap: TapHandle | undefined,
    readonly bodyIsJson: boolean,
  ) {
    super();
  }

  /** Sends the request to `runner`; the timeout guards the first byte of the answer. */
  send(runner: Runner): void {
    this.#runner = runner;
    this.#settled = false;
    (this.res as Tracked)[EXCHANGE] = this;
    this.res.on('close', onClose);
    this.ctx.deadlines.add(this);
    this.#id = runner.request(this.request, this, this.bodyIsJson);
  }

  /** No runner could take it: answered with the error. */
  fail(err: unknown): void {
    this.#failSettled(err, true);
  }

  whole(status: number, headers: FlatHeaders, body: Uint8Array): void {
    if (this.#settled) return;
    this.#settle();
    const { res, cors } = this;
    const channel = headerOf(headers, REALTIME_CONNECT_HEADER);
    if (typeof channel === 'string' && status === 200 && this.ctx.realtime) {
      this.tap?.answer(status, headers, null);
      this.ctx.realtime.connect({ channel, apiPath: this.request.apiPath, req: this.req, res, headers: { ...cors } }).then(
        () => this.ctx.release?.(this),
        (err) => this.#failSettled(err),
      );
      return;
    }
    addMissing(headers, cors);
    body = offlineSwaggerAssets(headerOf(headers, 'content-type'), body);
    // A 304 describes the file the client has: no length of its own (RFC 9110 8.6).
    if (status !== 304 && status !== 204) setHeader(headers, 'content-length', String(body.byteLength));
    if (this.#writeHead(status, headers)) {
      this.tap?.answer(status, headers, body);
      if (this.request.method === 'HEAD') res.end();
      // A small body goes out as a latin1 string (one character per byte, byte-exact): Node then sends head and
      // body as one string, as for bare fastify's answers, instead of a writev of two chunks.
      else if (body.byteLength <= STRING_BODY_MAX) res.end(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1'), 'latin1');
      else res.end(body);
    }
    this.ctx.release?.(this);
  }

  head(status: number, headers: FlatHeaders): void {
    if (this.#settled) return;
    // A streamed answer may last long (SSE, a large download): the timeout only guards the first byte.
    this.ctx.deadlines.remove(this);
    this.#settled = true;
    addMissing(headers, this.cors);
    if (!this.#writeHead(status, headers)) {
      // The coderunner stops streaming it.
      this.res.off('close', onClose);
      this.#runner?.forget(this.#id);
      return void this.ctx.release?.(this);
    }
    this.tap?.answer(status, headers, null);
    this.#streaming = true;
    this.ctx.release?.(this);
  }

  /**
   * False when Node refuses the app's header fields (a name that is no token, a value with a line break): the
   * client gets a 500 naming the field, as for an error the app threw, and the server stays up.
   */
  #writeHead(status: number, headers: FlatHeaders): boolean {
    try {
      this.res.writeHead(status, headers);
      return true;
    } catch (err) {
      const error = `The app's answer could not be sent: ${errorResponse(err, 'app').body.error}`;
      this.ctx.appError?.(`${this.request.method} ${this.request.apiPath}: ${error}`);
      const text = JSON.stringify({ error });
      const out: FlatHeaders = ['content-type', 'application/json; charset=utf-8', 'content-length', String(Buffer.byteLength(text))];
      addMissing(out, this.cors);
      this.tap?.answer(500, out, Buffer.from(text));
      this.res.writeHead(500, 'Internal Server Error', out);
      this.res.end(text);
      return false;
    }
  }

  chunk(chunk: Uint8Array): void {
    const res = this.res;
    // Acknowledged once the socket took it: the coderunner sends more only then (backpressure).
    if (this.#streaming && !res.destroyed) res.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength), () => this.#runner!.ack(this.#id, chunk.byteLength));
    else this.#runner!.ack(this.#id, chunk.byteLength);
  }

  end(): void {
    this.res.off('close', onClose);
    if (this.#streaming) this.res.end();
  }

  abort(reason: string): void {
    this.res.off('close', onClose);
    if (this.#streaming) return void this.res.destroy(new Error(reason));
    if (this.#settled) return;
    this.#failSettled(gatewayError('LH_INTERNAL', reason), true);
  }

  lost(reason: string, neverStarted: boolean): void {
    this.res.off('close', onClose);
    if (this.#streaming) return void this.res.destroy(new Error(reason));
    if (this.#settled) return;
    this.ctx.deadlines.remove(this);
    if (neverStarted && this.#attempt === 0) {
      // Queued behind a handler that blocked the old runner: it never ran, so the new runner takes it.
      this.#attempt = 1;
      const runner = this.#runner;
      this.ctx.host.acquire().then((next) => {
        if (!next || next === runner) throw gatewayError('LH_RUNNER_LOST', `The coderunner stopped before handling this request: ${reason}`);
        this.send(next);
      }).catch((err) => this.#failSettled(err, true));
      return;
    }
    this.#failSettled(gatewayError('LH_RUNNER_LOST', `The coderunner stopped while handling this request: ${reason}`), true);
  }

  /** @internal The client went away before the answer, or during a streamed one: the coderunner stops sending it. */
  closed(): void {
    if (this.res.writableFinished) return;
    if (!this.#settled) {
      this.#settle();
      this.ctx.release?.(this);
    }
    this.#runner?.forget(this.#id);
  }

  /** @internal */
  override timedOut(): void {
    if (this.#settled) return;
    this.#settle();
    const runner = this.#runner!;
    runner.forget(this.#id);
    void this.ctx.host.checkHealth(runner);
    this.#failSettled(gatewayError('LH_HANDLER_TIMEOUT', `The handler for ${this.request.method} ${this.request.apiPath} did not answer within ${this.ctx.timeoutMs} ms`));
  }

  #settle(): void {
    this.#settled = true;
    this.ctx.deadlines.remove(this);
    this.res.off('close', onClose);
  }

  /** Fails an exchange already taken off the runner's books (settle done by the caller, or to do now). */
  #failSettled(err: unknown, settleNow = false): void {
    if (settleNow) this.#settle();
    this.tap?.failed(err);
    try {
      this.ctx.fail(this.res, err, this.cors);
    } finally {
      this.ctx.release?.(this);
    }
  }
}

function onClose(this: Tracked): void {
  this[EXCHANGE]?.closed();
}

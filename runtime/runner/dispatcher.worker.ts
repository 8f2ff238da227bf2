import { REALTIME_CONNECT_HEADER } from '../../sdk/contract/realtime.js';
import { errorResponse } from '../server/errors.js';
import { callHandler, runChain } from './chain.worker.js';
import { decodeRequest, flatHeaders, ownBytes, serializeError, type FromWorker, type RunnerRequest, type ToWorker } from './protocol.js';
import type { Batcher } from './batcher.js';
import { InflightTable } from './inflight.js';
import { createRequest, releaseBody } from '../../sdk/request.worker.js';
import { createResponse, type CodehooksResponse, type Renderer } from '../../sdk/response.worker.js';
import type { AppManifest, Hook, Router } from './router.worker.js';

const encoder = new TextEncoder();

/** Worker-side handling of the work the main thread sends: requests, queue items, jobs, the startup hook. */
export class Dispatcher {
  readonly #port: { postMessage(m: FromWorker): void };
  readonly #manifest: AppManifest & Record<string, unknown>;
  readonly #router: Router;
  readonly #render: Renderer | undefined;
  readonly #aborted = new Set<number>();
  /** Answers being streamed, by request id: acknowledgements and aborts from the main thread go to them. */
  readonly #streaming = new InflightTable<CodehooksResponse>();
  readonly #progress: Int32Array | undefined;

  constructor(outbox: Batcher<FromWorker>, manifest: AppManifest & Record<string, unknown>, router: Router, render?: Renderer, progress?: Int32Array) {
    this.#port = { postMessage: (m) => outbox.push(m) };
    this.#progress = progress;
    this.#manifest = manifest;
    this.#router = router;
    this.#render = render;
  }

  handle(msg: ToWorker): void {
    if (Array.isArray(msg)) {
      if (this.#progress) Atomics.store(this.#progress, 0, msg[0]);
      return this.#request(msg[0], decodeRequest(msg[1]));
    }
    switch (msg.type) {
      case 'response-ack':
        return this.#streaming.get(msg.id)?.flow?.acked(msg.bytes);
      case 'abort':
        this.#aborted.add(msg.id);
        return this.#streaming.get(msg.id)?.flow?.abort();
      case 'queue-call':
        return this.#call(msg.id, this.#workerFor(msg.topic), { body: { payload: msg.payload }, topic: msg.topic });
      case 'job-call':
        return void this.#job(msg.id, msg.expr);
      case 'startup':
        return void this.#startup();
      default:
        return;
    }
  }

  async #startup(): Promise<void> {
    const hook = this.#manifest.startup;
    try {
      if (typeof hook === 'function') await hook();
      this.#port.postMessage({ type: 'started' });
    } catch (err) {
      console.error('Startup hook failed (the app keeps serving):', err);
      this.#port.postMessage({ type: 'started', error: serializeError(err) });
    }
  }

  #workerFor(topic: string): Hook | undefined {
    const w = (this.#manifest.workerhooks ?? {}) as Record<string, Hook[]>;
    const q = (this.#manifest.queuehooks ?? {}) as Record<string, Hook[]>;
    return (w[topic] ?? q[topic])?.[0];
  }

  #call(id: number, fn: Hook | undefined, req: unknown): void {
    if (!fn) {
      this.#port.postMessage({ type: 'call-done', id, error: serializeError(new Error('No worker registered for this topic')) });
      return;
    }
    callHandler(fn, req).then(
      () => this.#port.postMessage({ type: 'call-done', id }),
      (err) => this.#port.postMessage({ type: 'call-done', id, error: serializeError(err) }),
    );
  }

  async #job(id: number, expr: string): Promise<void> {
    const hooks = ((this.#manifest.jobhooks ?? {}) as Record<string, Hook[]>)[expr] ?? [];
    try {
      for (const fn of hooks) if (typeof fn === 'function') await callHandler(fn, { body: {}, cron: expr });
      this.#port.postMessage({ type: 'call-done', id });
    } catch (err) {
      this.#port.postMessage({ type: 'call-done', id, error: serializeError(err) });
    }
  }

  #request(id: number, r: RunnerRequest): void {
    const port = this.#port;
    let failed = false;
    // One req for auth hooks and the route chain, so changes an auth hook makes reach the handler (AUTH-08).
    const req = createRequest(r, {});
    const done = () => {
      this.#streaming.delete(id);
      this.#aborted.delete(id);
      if (r.bodyFile) releaseBody(req);
    };
    const res: CodehooksResponse = createResponse(
      {
        whole: (status, headers, body) => {
          done();
          port.postMessage([id, status, flatHeaders(headers), ownBytes(body)]);
        },
        head: (status, headers) => {
          this.#streaming.set(id, res);
          // Timed out before it began to stream: nobody reads it.
          if (this.#aborted.has(id)) res.flow?.abort();
          port.postMessage({ type: 'response-head', id, status, headers: flatHeaders(headers) });
        },
        chunk: (chunk) => port.postMessage({ type: 'response-chunk', id, chunk: ownBytes(chunk) }),
        end: () => {
          done();
          port.postMessage({ type: 'response-end', id });
        },
        abort: (reason) => {
          done();
          port.postMessage({ type: 'response-abort', id, reason });
        },
      },
      { render: this.#render, onError: (err) => fail(err, 500), request: r },
    );
    const fail = (err: unknown, status: number) => {
      if (this.#aborted.delete(id)) return;
      // RT-01/RT-08: the SDK's listener route sets this header and then throws (`data` is undefined); the
      // gateway serves the event stream, so the answer is the header alone.
      const channel = res.getHeader(REALTIME_CONNECT_HEADER);
      if (typeof channel === 'string' && !res.headersSent && !failed) {
        failed = true;
        return void res.status(200).end();
      }
      if (status >= 500) console.error(`${r.method} ${r.apiPath} failed:`, err);
      if (res.finished || failed) return;
      failed = true;
      if (res.headersSent) return void res.end();
      // An LH_* error (a datastore limit hit in a workflow step) keeps its status and code; the app's own errors keep theirs.
      const out = errorResponse(err, 'app');
      res.status(out.body.code ? out.status : status).set('content-type', 'application/json').end(encoder.encode(JSON.stringify(out.body)));
    };
    const statusOf = (err: unknown) => {
      const s = (err as { status?: unknown; statusCode?: unknown } | null)?.status ?? (err as { statusCode?: unknown } | null)?.statusCode;
      return typeof s === 'number' && s >= 400 && s < 600 ? s : 500;
    };

    const route = () => {
      const match = this.#router.match(r.method, r.apiPath);
      if (!match) {
        res.status(404).json({ error: `No route for ${r.method} ${r.apiPath}`, code: 'LH_ROUTE_NOT_FOUND' });
        return;
      }
      req.params = match.params;
      runChain(match.chain, req, res, { onError: (err, viaNext) => fail(err, viaNext ? statusOf(err) : 500) });
    };

    if (r.authenticated) return route();
    const hooks = this.#router.authHooks(r.apiPath);
    if (!hooks || hooks.length === 0) {
      res.status(401).json({ error: 'Unauthorized: send a valid x-apikey header', code: 'LH_AUTH_REQUIRED' });
      return;
    }
    // AUTH-04: an auth hook allows with next(), refuses with next(reason) or by answering itself.
    runChain(hooks, req, res, {
      onError: (err, viaNext) => (viaNext ? fail(err, 401) : fail(err, 500)),
      onComplete: route,
    });
  }
}

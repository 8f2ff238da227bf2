import { Writable } from 'node:stream';
import type { HeaderValue, ResponseSink, RunnerRequest } from './contract/http.js';
import { decideFileAnswer } from './files/conditional.js';
import { serveDetached } from './file-response.worker.js';
import { emittingFileStream, type StoreFileStream } from './file-stream.worker.js';
import { ResponseFlow } from './response-flow.worker.js';

export type { ResponseSink } from './contract/http.js';

export type Renderer = (view: string, data: unknown, cb: (err: unknown, html?: string) => void) => void;

export interface ResponseOptions {
  render?: Renderer;
  onError: (err: unknown) => void;
  /** The request this answers: a file streamed to `res` is then served with validators, HEAD and ranges. */
  request?: Pick<RunnerRequest, 'method' | 'headers'>;
}

const encoder = new TextEncoder();

/**
 * The codehooks `res` (RES-01…15). Every method is an own arrow function so it works unbound
 * (`setTimeout(res.end, 100)`); finishing twice is a silent no-op (RES-12).
 */
export class CodehooksResponse {
  #status = 200;
  #headed = false;
  #finished = false;
  readonly #headers: Record<string, HeaderValue> = {};
  readonly #sink: ResponseSink;
  readonly #options: ResponseOptions;
  #flow: ResponseFlow | undefined;

  constructor(sink: ResponseSink, options: ResponseOptions) {
    this.#sink = sink;
    this.#options = options;
  }

  /** Backpressure of a streamed answer; made when the answer starts streaming (the dispatcher routes acks here). */
  get flow(): ResponseFlow | undefined {
    return this.#flow;
  }

  get finished(): boolean {
    return this.#finished;
  }
  get headersSent(): boolean {
    return this.#headed;
  }
  get statusCode(): number {
    return this.#status;
  }
  set statusCode(v: number) {
    this.#status = v;
  }
  get writable(): Writable {
    const end = this.end;
    const write = (chunk: unknown) => this.#write(chunk, undefined, false);
    const room = () => this.#flow?.room();
    return new Writable({
      write(chunk, _enc, cb) {
        write(chunk);
        // A pipe into res.writable waits while the client is behind.
        const wait = room();
        if (wait) void wait.then(() => cb());
        else cb();
      },
      final(cb) {
        end();
        cb();
      },
    });
  }

  #ensureType(type: string): void {
    if (this.#headers['content-type'] === undefined) this.#headers['content-type'] = type;
  }

  #startStream(): void {
    this.#headed = true;
    this.#flow = new ResponseFlow();
    this.#sink.head(this.#status, { ...this.#headers });
  }

  #chunk(bytes: Uint8Array): void {
    this.#flow!.sent(bytes.byteLength);
    this.#sink.chunk(bytes);
  }

  /**
   * The first chunk of a file stream, written before anything else: answer HEAD, 304, 416 and ranges from
   * the file itself, or add its validators and let the app's stream go on. True when the answer is taken over.
   */
  #serveFile(file: StoreFileStream): boolean {
    const req = this.#options.request;
    if (!req) return false;
    const appEtag = this.#headers['etag'];
    const answer = decideFileAnswer(req.method, this.#status, req.headers, file.file, typeof appEtag === 'string' ? appEtag : undefined);
    if (answer.kind === 'stream') {
      for (const [k, v] of Object.entries(answer.headers)) this.#headers[k] ??= v;
      return false;
    }
    this.#finished = true;
    this.#headed = true;
    this.#flow = new ResponseFlow();
    serveDetached(file, answer, this.#status, { ...this.#headers }, this.#sink, this.#flow);
    return true;
  }

  #write(chunk: unknown, encoding: string | undefined, holdSource: boolean): boolean {
    if (this.#finished) return false;
    const file = emittingFileStream(chunk);
    if (file && !this.#headed && file.bytesEmitted === (chunk as Uint8Array).byteLength && this.#serveFile(file)) return true;
    if (!this.#headed) this.#startStream();
    let bytes: Uint8Array;
    if (isBytes(chunk)) bytes = toBytes(chunk);
    else if (typeof chunk === 'string') bytes = encoding && encoding !== 'buffer' ? Buffer.from(chunk, encoding as BufferEncoding) : encoder.encode(chunk);
    else bytes = encoder.encode(JSON.stringify(chunk));
    const flow = this.#flow!;
    // The client went away: a file stream writing here stops, and nothing more is sent.
    if (flow.aborted) {
      file?.destroy();
      return false;
    }
    if (bytes.byteLength) this.#chunk(bytes);
    // The app's `data` listener ignores write()'s answer (the SDK's static handler does): its stream is paused.
    if (file && holdSource) flow.hold(file);
    return !flow.full;
  }

  #finishWith(body: Uint8Array): void {
    if (this.#finished) return;
    this.#finished = true;
    if (this.#headed) {
      if (body.byteLength) this.#chunk(body);
      this.#sink.end();
    } else {
      this.#headed = true;
      this.#sink.whole(this.#status, { ...this.#headers }, body);
    }
  }

  status = (code: number): this => {
    this.#status = Number(code);
    return this;
  };
  set = (name: string, value: HeaderValue | number): this => {
    this.#headers[String(name).toLowerCase()] = Array.isArray(value) ? value.map(String) : String(value);
    return this;
  };
  setHeader = (name: string, value: HeaderValue | number): this => this.set(name, value);
  headers = (map: Record<string, HeaderValue | number>): this => {
    for (const [k, v] of Object.entries(map ?? {})) this.set(k, v);
    return this;
  };
  removeHeader = (name: string): this => {
    delete this.#headers[String(name).toLowerCase()];
    return this;
  };
  getHeader = (name: string): HeaderValue | undefined => this.#headers[String(name).toLowerCase()];
  json = (value: unknown): this => {
    if (isDataStream(value)) {
      value.json(this);
      return this;
    }
    this.#ensureType('application/json');
    this.#finishWith(encoder.encode(value === undefined ? '' : JSON.stringify(toJsonable(value))));
    return this;
  };
  send = (data?: unknown): this => {
    if (typeof data === 'string') {
      this.#ensureType('text/html; charset=utf-8');
      this.#finishWith(encoder.encode(data));
    } else if (data === undefined || data === null) {
      this.#finishWith(new Uint8Array(0));
    } else if (isBytes(data)) {
      this.#ensureType('application/octet-stream');
      this.#finishWith(toBytes(data));
    } else {
      this.json(data);
    }
    return this;
  };
  end = (data?: unknown, encoding?: BufferEncoding): this => {
    if (data === undefined || data === null || typeof data === 'function') this.#finishWith(new Uint8Array(0));
    else if (typeof data === 'string') {
      this.#ensureType('text/plain; charset=utf-8');
      this.#finishWith(encoding && encoding !== ('buffer' as string) ? Buffer.from(data, encoding) : encoder.encode(data));
    } else if (isBytes(data)) this.#finishWith(toBytes(data));
    else this.json(data);
    return this;
  };
  write = (chunk: unknown, encoding?: string): boolean => this.#write(chunk, encoding, true);
  redirect = (a: number | string, b?: string): this => {
    const [code, url] = typeof a === 'number' ? [a, String(b)] : [302, String(a)];
    this.#status = code;
    this.#headers['location'] = url;
    this.#finishWith(new Uint8Array(0));
    return this;
  };
  render = (view: string, data?: unknown): this => {
    const { render, onError } = this.#options;
    if (!render) throw new Error('res.render: no view engine is configured (app.set("view engine", …))');
    render(view, data ?? {}, (err, html) => {
      if (err) onError(err);
      else this.send(html ?? '');
    });
    return this;
  };
  /** RES-14: `res.next()` is the chain's `next`, set by the chain runner for each function. */
  next = (_err?: unknown): void => {};
}

export function createResponse(sink: ResponseSink, options: ResponseOptions): CodehooksResponse {
  return new CodehooksResponse(sink, options);
}



function isDataStream(v: unknown): v is { json(res: unknown): void } {
  return !!v && typeof v === 'object' && typeof (v as { json?: unknown }).json === 'function' && typeof (v as { on?: unknown }).on === 'function';
}

function isBytes(v: unknown): v is Uint8Array | ArrayBuffer {
  return v instanceof Uint8Array || v instanceof ArrayBuffer;
}

function toBytes(v: Uint8Array | ArrayBuffer): Uint8Array {
  return v instanceof ArrayBuffer ? new Uint8Array(v) : v;
}

/** Errors would serialise as `{}`; send their name and message instead. */
function toJsonable(v: unknown): unknown {
  if (v instanceof Error) return { error: v.message, name: v.name };
  return v;
}

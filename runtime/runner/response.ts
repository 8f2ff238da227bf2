import { Writable } from 'node:stream';

/** Where a response goes: one message for a whole body, or head + chunks + end for streamed ones. */
export interface ResponseSink {
  whole(status: number, headers: Record<string, string | string[]>, body: Uint8Array): void;
  head(status: number, headers: Record<string, string | string[]>): void;
  chunk(chunk: Uint8Array): void;
  end(): void;
}

export type Renderer = (view: string, data: unknown, cb: (err: unknown, html?: string) => void) => void;

type HeaderValue = string | string[];

const encoder = new TextEncoder();

/**
 * The codehooks `res` (RES-01…15). Every method is an own arrow function so it works unbound
 * (`setTimeout(res.end, 100)`); finishing twice is a silent no-op (RES-12).
 */
export function createResponse(sink: ResponseSink, options: { render?: Renderer; onError: (err: unknown) => void }) {
  let status = 200;
  let headed = false;
  let finished = false;
  const headers: Record<string, HeaderValue> = {};

  const ensureType = (type: string) => {
    if (headers['content-type'] === undefined) headers['content-type'] = type;
  };
  const finishWith = (body: Uint8Array) => {
    if (finished) return;
    finished = true;
    if (headed) {
      if (body.byteLength) sink.chunk(body);
      sink.end();
    } else {
      headed = true;
      sink.whole(status, { ...headers }, body);
    }
  };

  const res = {
    status: (code: number) => {
      status = Number(code);
      return res;
    },
    set: (name: string, value: HeaderValue | number) => {
      headers[String(name).toLowerCase()] = Array.isArray(value) ? value.map(String) : String(value);
      return res;
    },
    setHeader: (name: string, value: HeaderValue | number) => res.set(name, value),
    headers: (map: Record<string, HeaderValue | number>) => {
      for (const [k, v] of Object.entries(map ?? {})) res.set(k, v);
      return res;
    },
    removeHeader: (name: string) => {
      delete headers[String(name).toLowerCase()];
      return res;
    },
    getHeader: (name: string) => headers[String(name).toLowerCase()],
    json: (value: unknown) => {
      if (isDataStream(value)) {
        value.json(res);
        return res;
      }
      ensureType('application/json');
      finishWith(encoder.encode(value === undefined ? '' : JSON.stringify(toJsonable(value))));
      return res;
    },
    send: (data?: unknown) => {
      if (typeof data === 'string') {
        ensureType('text/html; charset=utf-8');
        finishWith(encoder.encode(data));
      } else if (data === undefined || data === null) {
        finishWith(new Uint8Array(0));
      } else if (isBytes(data)) {
        ensureType('application/octet-stream');
        finishWith(toBytes(data));
      } else {
        res.json(data);
      }
      return res;
    },
    end: (data?: unknown, encoding?: BufferEncoding) => {
      if (data === undefined || data === null || typeof data === 'function') finishWith(new Uint8Array(0));
      else if (typeof data === 'string') {
        ensureType('text/plain; charset=utf-8');
        finishWith(encoding && encoding !== ('buffer' as string) ? Buffer.from(data, encoding) : encoder.encode(data));
      } else if (isBytes(data)) finishWith(toBytes(data));
      else res.json(data);
      return res;
    },
    write: (chunk: unknown, encoding?: string) => {
      if (finished) return false;
      if (!headed) {
        headed = true;
        sink.head(status, { ...headers });
      }
      let bytes: Uint8Array;
      if (isBytes(chunk)) bytes = toBytes(chunk);
      else if (typeof chunk === 'string')
        bytes = encoding && encoding !== 'buffer' ? Buffer.from(chunk, encoding as BufferEncoding) : encoder.encode(chunk);
      else bytes = encoder.encode(JSON.stringify(chunk));
      if (bytes.byteLength) sink.chunk(bytes);
      return true;
    },
    redirect: (a: number | string, b?: string) => {
      const [code, url] = typeof a === 'number' ? [a, String(b)] : [302, String(a)];
      status = code;
      headers['location'] = url;
      finishWith(new Uint8Array(0));
      return res;
    },
    render: (view: string, data?: unknown) => {
      if (!options.render) throw new Error('res.render: no view engine is configured (app.set("view engine", …))');
      options.render(view, data ?? {}, (err, html) => {
        if (err) options.onError(err);
        else res.send(html ?? '');
      });
      return res;
    },
    next: (_err?: unknown) => {},
  };
  Object.defineProperties(res, {
    writable: {
      enumerable: false,
      get: () =>
        new Writable({
          write(chunk, _enc, cb) {
            res.write(chunk);
            cb();
          },
          final(cb) {
            res.end();
            cb();
          },
        }),
    },
    headersSent: { enumerable: false, get: () => headed },
    finished: { enumerable: false, get: () => finished },
    statusCode: { enumerable: false, get: () => status, set: (v: number) => void (status = v) },
  });
  return res as typeof res & { readonly finished: boolean; readonly headersSent: boolean; statusCode: number; writable: Writable };
}

export type CodehooksResponse = ReturnType<typeof createResponse>;

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

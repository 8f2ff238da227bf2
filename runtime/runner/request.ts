import { Readable } from 'node:stream';
import type { RunnerRequest } from './protocol.js';

const decoder = new TextDecoder();

/**
 * The codehooks `req` (REQ-01…15). Data fields are enumerable so `res.json(req)` prints the platform's echo
 * shape; stream methods and aliases are not, so the object stays JSON-safe (REQ-12).
 */
export function createRequest(r: RunnerRequest, params: Record<string, string>) {
  const raw = Buffer.from(r.rawBody.buffer, r.rawBody.byteOffset, r.rawBody.byteLength);
  const req: Record<string, unknown> = {
    hostname: r.hostname,
    headers: r.headers,
    query: r.query,
    path: r.path,
    apiPath: r.apiPath,
    originalUrl: r.originalUrl,
    params,
    body: r.body,
    method: r.method,
  };
  let stream: Readable | undefined;
  const body = () => (stream ??= Readable.from(raw.byteLength ? [raw] : []));
  let rawText: string | undefined;
  Object.defineProperties(req, {
    rawBody: { enumerable: false, configurable: true, writable: true, value: undefined },
    apipath: { enumerable: false, get: () => req.apiPath },
    url: { enumerable: false, get: () => r.originalUrl },
    ip: { enumerable: false, value: r.ip },
    connection: { enumerable: false, value: { remoteAddress: r.ip } },
    socket: { enumerable: false, value: { remoteAddress: r.ip } },
    pipe: { enumerable: false, value: <T extends NodeJS.WritableStream>(dest: T, opts?: { end?: boolean }) => body().pipe(dest, opts) },
    on: {
      enumerable: false,
      value: (event: string, cb: (...a: unknown[]) => void) => {
        body().on(event, cb);
        return req;
      },
    },
    once: {
      enumerable: false,
      value: (event: string, cb: (...a: unknown[]) => void) => {
        body().once(event, cb);
        return req;
      },
    },
    [Symbol.asyncIterator]: { enumerable: false, value: () => body()[Symbol.asyncIterator]() },
  });
  // rawBody is decoded on first read: most routes never look at it.
  Object.defineProperty(req, 'rawBody', {
    enumerable: false,
    configurable: true,
    get: () => (rawText ??= decoder.decode(raw)),
    set: (v: string) => void (rawText = v),
  });
  return req;
}

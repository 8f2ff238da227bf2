import type { IncomingMessage } from 'node:http';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { isParsedBodyType } from './body.js';
import { gatewayError } from './errors.js';
import { BODY_LIMIT } from './index.js';

/**
 * Unparsed bodies (uploads: octet-stream, multipart, images) larger than this go to a file under the data folder
 * instead of memory, so that a few concurrent uploads cannot grow the server by their size. Smaller ones, and
 * every JSON, form or text body (parsed whole anyway), stay in memory as before: the small-request path is
 * unchanged.
 */
export const SPOOL_THRESHOLD = 1024 * 1024;
/**
 * Largest spooled upload. The platform documents no limit; this bounds the disk a runaway client can fill while
 * leaving room for videos and data sets.
 */
export const UPLOAD_LIMIT = 4 * 1024 * 1024 * 1024;
/** The spool file's write buffer: big enough that a fast client is not paused on every 64 KiB chunk. */
const SPOOL_WRITE_BUFFER = 1024 * 1024;

export interface SpooledBody {
  path: string;
  size: number;
}

/** The folder of spooled bodies (`<data>/tmp/uploads`): emptied at start, one file per request in flight. */
export class BodySpool {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  /** Removes what a killed server left behind; one server per data folder, so nothing here is in use. */
  async reset(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
    await mkdir(this.dir, { recursive: true });
  }

  next(): string {
    return join(this.dir, `body-${randomBytes(8).toString('hex')}`);
  }

  discard(body: SpooledBody): Promise<void> {
    return rm(body.path, { force: true });
  }
}

const EMPTY = Buffer.alloc(0);
const tooLarge = (limit: number) => gatewayError('LH_BODY_TOO_LARGE', `Request body is larger than ${limit} bytes`);
const cutShort = () => gatewayError('LH_BAD_REQUEST', 'The request body ended early: the client closed the connection');

/** No body to read: neither a length nor a chunked transfer (most GETs). */
export function bodyless(req: IncomingMessage): boolean {
  return req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined;
}

/**
 * The request body: none (most GETs, no stream reads), the bytes in memory (within BODY_LIMIT), or for a large
 * unparsed one, a spooled file (within UPLOAD_LIMIT), written at the pace the disk takes it.
 */
export function readBody(req: IncomingMessage, spool: BodySpool | null): Promise<Buffer | SpooledBody> {
  const length = req.headers['content-length'];
  if (bodyless(req)) {
    req.resume();
    return Promise.resolve(EMPTY);
  }
  const spoolable = spool !== null && !isParsedBodyType(req.headers['content-type']) && (length === undefined || Number(length) > SPOOL_THRESHOLD);
  const limit = spoolable ? UPLOAD_LIMIT : BODY_LIMIT;
  if (Number(length) > limit) {
    req.resume();
    return Promise.reject(tooLarge(limit));
  }
  return spoolable ? readSpooled(req, spool) : readInMemory(req);
}

function readInMemory(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.byteLength;
      if (size > BODY_LIMIT) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge(BODY_LIMIT));
        return;
      }
      chunks.push(c);
    });
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.once('error', reject);
    // The client went away (or was cut off by the request timeout) before sending the whole body.
    req.once('close', () => {
      if (!req.complete) reject(cutShort());
    });
  });
}

/** Memory first; past SPOOL_THRESHOLD, into a spool file, pausing the client while the disk catches up. */
function readSpooled(req: IncomingMessage, spool: BodySpool): Promise<Buffer | SpooledBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let out: WriteStream | null = null;
    let path = '';
    let failed = false;
    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      req.off('data', onData);
      req.resume();
      if (out) {
        out.destroy();
        void rm(path, { force: true });
      }
      reject(err);
    };
    const write = (c: Buffer) => {
      if (!out!.write(c) && !req.isPaused()) {
        req.pause();
        out!.once('drain', () => req.resume());
      }
    };
    const onData = (c: Buffer) => {
      size += c.byteLength;
      if (size > UPLOAD_LIMIT) return fail(tooLarge(UPLOAD_LIMIT));
      if (out) return write(c);
      chunks.push(c);
      if (size <= SPOOL_THRESHOLD) return;
      path = spool.next();
      out = createWriteStream(path, { flags: 'wx', highWaterMark: SPOOL_WRITE_BUFFER });
      out.once('error', (e) => fail(gatewayError('LH_INTERNAL', `Could not write the request body to ${spool.dir}: ${e.message}`)));
      for (const b of chunks.splice(0)) write(b);
    };
    req.on('data', onData);
    req.once('end', () => {
      if (failed) return;
      if (!out) return resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
      out.end(() => {
        if (!failed) resolve({ path, size });
      });
    });
    req.once('error', fail);
    req.once('close', () => {
      if (!req.complete) fail(cutShort());
    });
  });
}

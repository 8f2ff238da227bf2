/** What is known of an open file when it is served: enough for validators and ranges. */
export interface ServedFile {
  size: number;
  mtimeMs: number;
  /** Strong validator: changes with the size or the modification time (nanoseconds), as nginx builds it. */
  etag: string;
}

export function etagOf(size: number, mtimeNs: bigint): string {
  return `"${mtimeNs.toString(16)}-${size.toString(16)}"`;
}

/**
 * How to answer a request for a whole file that the app is about to stream with status 200 (or `status`):
 * - `stream`: as the app writes it, with `headers` (validators) added;
 * - `empty`: 304 Not Modified or 416 Range Not Satisfiable, no body;
 * - `head`: a HEAD request: the headers a GET would get, with the length, no body read;
 * - `range`: 206 with bytes `start..end` (inclusive).
 */
export type FileAnswer =
  | { kind: 'stream'; headers: Record<string, string> }
  | { kind: 'empty'; status: 304 | 416; headers: Record<string, string> }
  | { kind: 'head'; headers: Record<string, string> }
  | { kind: 'range'; start: number; end: number; headers: Record<string, string> };

type RequestHeaders = Record<string, string | string[] | undefined>;

/**
 * RFC 9110 conditional and range requests for a file answer to GET or HEAD. Validators (ETag, Last-Modified,
 * Accept-Ranges) only go on a 200: a 404 with the SPA's `notFound` page is streamed as written. `appEtag` is an
 * ETag the app set itself; it is compared instead of ours.
 */
export function decideFileAnswer(method: string, status: number, req: RequestHeaders, file: ServedFile, appEtag?: string): FileAnswer {
  if (method === 'HEAD' && status !== 200) return { kind: 'head', headers: { 'content-length': String(file.size) } };
  // A file sent in answer to a POST (or any other method) is not a resource to validate or cut into ranges.
  if (status !== 200 || (method !== 'GET' && method !== 'HEAD')) return { kind: 'stream', headers: {} };
  const etag = appEtag ?? file.etag;
  const lastModified = new Date(file.mtimeMs).toUTCString();
  const validators: Record<string, string> = { 'last-modified': lastModified, 'accept-ranges': 'bytes' };
  if (appEtag === undefined) validators.etag = etag;
  if (notModified(req, etag, file.mtimeMs)) return { kind: 'empty', status: 304, headers: validators };
  if (method === 'HEAD') return { kind: 'head', headers: { ...validators, 'content-length': String(file.size) } };
  const range = header(req, 'range');
  if (range === undefined || !ifRangeHolds(header(req, 'if-range'), etag, file.mtimeMs)) return { kind: 'stream', headers: validators };
  const r = parseRange(range, file.size);
  if (r === 'ignore') return { kind: 'stream', headers: validators };
  if (r === 'unsatisfiable') return { kind: 'empty', status: 416, headers: { ...validators, 'content-range': `bytes */${file.size}` } };
  return {
    kind: 'range',
    start: r.start,
    end: r.end,
    headers: { ...validators, 'content-range': `bytes ${r.start}-${r.end}/${file.size}`, 'content-length': String(r.end - r.start + 1) },
  };
}

function header(req: RequestHeaders, name: string): string | undefined {
  const v = req[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2); ETags compare weakly here. */
function notModified(req: RequestHeaders, etag: string, mtimeMs: number): boolean {
  const inm = header(req, 'if-none-match');
  if (inm !== undefined) {
    const mine = opaque(etag);
    return inm.split(',').some((t) => t.trim() === '*' || opaque(t.trim()) === mine);
  }
  const ims = header(req, 'if-modified-since');
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && Math.floor(mtimeMs / 1000) <= Math.floor(since / 1000);
}

function opaque(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}

/** If-Range needs a strong match (an ETag) or the exact Last-Modified date; otherwise the whole file goes out. */
function ifRangeHolds(ifRange: string | undefined, etag: string, mtimeMs: number): boolean {
  if (ifRange === undefined) return true;
  const v = ifRange.trim();
  if (v.startsWith('"') || v.startsWith('W/')) return !v.startsWith('W/') && !etag.startsWith('W/') && v === etag;
  const date = Date.parse(v);
  return !Number.isNaN(date) && Math.floor(date / 1000) === Math.floor(mtimeMs / 1000);
}

/**
 * One `bytes=` range (`a-b`, `a-`, `-n`). Several ranges would need a multipart answer; like many static
 * servers we answer those (and malformed ones) with the whole file, which RFC 9110 allows.
 */
export function parseRange(value: string, size: number): { start: number; end: number } | 'ignore' | 'unsatisfiable' {
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(value);
  if (!m || (m[1] === '' && m[2] === '')) return 'ignore';
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== '' && Number(m[2]) < start) return 'ignore';
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

/**
 * Random requests for the fuzz test, from a seeded generator so a failing run can be replayed (the seed is
 * printed). `refused()` builds requests that carry at least one thing the gateway must refuse; `any()` mixes
 * everything, refused or not.
 */
import { createSeededRandom } from '../../../runtime/llm/random.js';

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Why it must be refused (refused() only). */
  trigger?: string;
}

/** Documents the fuzz test stores first, so that reads, updates and deletes by id find something. */
export const SEEDED_IDS = ['fuzz-1', 'fuzz-2', 'fuzz-3', 'fuzz-4'];
const APP_PATHS = [
  '/dev/secret', '/dev/visit', '/dev/counts', '/dev/id/x', '/dev/echo', '/dev/flow', '/dev/crud/items', '/dev/crud/notes',
  '/dev/crud/items/_byquery', '/dev/crud/items/0123456789abcdef01234567', '/dev/static/index.html', '/dev/static/../../../etc/passwd',
  '/dev/pixel.gif', '/dev', '/', '/nope', '//dev//crud//items', '/dev/crud/workflowdata', '/crud/items', '/dev/crud/%2e%2e',
];
const ADMIN_PATHS = [
  '/.localhooks/api/health', '/.localhooks/api/env', '/.localhooks/api/queues', '/.localhooks/api/queues/dead', '/.localhooks/api/jobs',
  '/.localhooks/api/jobs/1/run', '/.localhooks/api/jobs/0%200%201%201%20*/run', '/.localhooks/api/workflows/status', '/.localhooks/llm/v1/models',
  '/.localhooks/llm/v1/chat/completions', '/.localhooks/api/nope',
];
const METHODS = ['GET', 'GET', 'POST', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'PROPFIND', 'TRACE'];
const WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];
const SEGMENTS = ['%E0%A4%A', '%C3%28', '%ZZ', '%', '%00', '%2F', 'caf%C3%A9', '%F0%9F%98%80', '..', '.', '%2e%2e', 'a'.repeat(300), '__proto__', 'constructor', '😀', '%u0041', '%%', '%C0%AF'];
const MALFORMED = ['%E0%A4%A', '%C3%28', '%ZZ', '%', '%C0%AF', '%FF', 'x%E2%82'];
const FOREIGN_HOSTS = ['evil.example', 'evil.example:8080', 'localhost.evil.example', '127.0.0.1.nip.io', 'attacker.test:80'];
const FOREIGN_ORIGINS = ['https://evil.example', 'http://evil.example:8080', 'null', 'http://localhost.evil.example', 'file://'];
const LOOPBACK_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:3000', 'http://[::1]:4200'];
const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'application/x-www-form-urlencoded', 'text/plain', 'application/vnd.api+json', 'multipart/form-data; boundary=x', 'application/octet-stream', ''];
const QUERIES: unknown[] = [
  {}, { a: 1 }, { a: { $gt: 1 } }, { $or: [{ a: 1 }, { b: { $regex: '^x' } }] }, { $where: 'sleep(1000)' }, { a: { $regex: '(' } },
  { a: { $in: 'notarray' } }, { 'a.b.c': { $exists: true } }, { a: { $elemMatch: { b: 1 } } }, JSON.parse('{"__proto__":{"polluted":1}}'), { a: { $nope: 1 } },
  { _id: { $gt: '' } }, { a: null }, [1, 2], 'text', 12345678901234567890,
];
const HINTS: unknown[] = [{ $limit: 2 }, { $limit: -1 }, { $offset: 'x' }, { $fields: { a: 1, b: 0 } }, { $sort: { a: -1 } }, { $sort: { a: 'up' } }, { $limit: 1e12 }, {}];

export class FuzzCases {
  readonly #r: () => number;
  readonly #port: number;

  constructor(seed: number, port: number) {
    this.#r = createSeededRandom(seed);
    this.#port = port;
  }

  #pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.#r() * xs.length)]!;
  }

  #chance(p: number): boolean {
    return this.#r() < p;
  }

  #json(depth = 0): unknown {
    const kind = Math.floor(this.#r() * (depth > 2 ? 5 : 8));
    switch (kind) {
      case 0: return null;
      case 1: return this.#r() < 0.5;
      case 2: return this.#pick([0, -1, 1.5, 1e308, -1e-308, 2 ** 53 + 1]);
      case 3: return this.#pick(['', 'x', '😀', '\u0000', '\ud800', 'a'.repeat(2000), '$set', '__proto__']);
      case 4: return this.#pick(SEGMENTS);
      case 5: return Array.from({ length: Math.floor(this.#r() * 4) }, () => this.#json(depth + 1));
      default: {
        const o: Record<string, unknown> = {};
        for (let i = Math.floor(this.#r() * 4); i > 0; i--) {
          // defineProperty: `__proto__` must become a field of the JSON, as a client would send it.
          Object.defineProperty(o, this.#pick(['a', 'b', '_id', '$set', '$inc', '__proto__', 'constructor', 'secret', 'text', 'x.y', '']), { value: this.#json(depth + 1), enumerable: true, writable: true, configurable: true });
        }
        return o;
      }
    }
  }

  #body(): { body?: Buffer; type?: string } {
    const type = this.#pick(CONTENT_TYPES);
    switch (Math.floor(this.#r() * 6)) {
      case 0: return {};
      case 1: return { type, body: Buffer.from('{"a":') };
      case 2: return { type, body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xff, 0x22, 0x7d]) };
      case 3: return { type, body: Buffer.from('a=1&a=2&__proto__=x&b=%E0%A4%A') };
      default: return { type: this.#chance(0.8) ? 'application/json' : type, body: Buffer.from(JSON.stringify(this.#json()) ?? 'null') };
    }
  }

  #query(): string {
    if (this.#chance(0.4)) return '';
    const parts: string[] = [];
    if (this.#chance(0.6)) parts.push(`q=${this.#chance(0.85) ? encodeURIComponent(JSON.stringify(this.#pick(QUERIES))) : this.#pick(['{', '%7B%22a', '%E0%A4%A', 'null'])}`);
    if (this.#chance(0.4)) parts.push(`h=${encodeURIComponent(JSON.stringify(this.#pick(HINTS)))}`);
    if (this.#chance(0.3)) parts.push(`${this.#pick(['a', 'a', '__proto__', 'limit', 'offset', 'x[y]'])}=${this.#pick(SEGMENTS)}`);
    return parts.length ? `?${parts.join('&')}` : '';
  }

  #path(admin = this.#chance(0.25)): string {
    let p = this.#pick(admin ? ADMIN_PATHS : APP_PATHS);
    if (this.#chance(0.3)) p += `/${this.#pick(SEGMENTS)}`;
    return p;
  }

  #headers(): Record<string, string> {
    const h: Record<string, string> = { host: this.#pick([`localhost:${this.#port}`, `127.0.0.1:${this.#port}`, `app.localhost:${this.#port}`]) };
    if (this.#chance(0.3)) h.origin = this.#pick([...LOOPBACK_ORIGINS, `http://localhost:${this.#port}`]);
    if (this.#chance(0.2)) h['sec-fetch-site'] = this.#pick(['same-origin', 'same-site', 'none']);
    if (this.#chance(0.2)) h['x-localhooks-client'] = 'fuzz';
    if (this.#chance(0.1)) h['x-apikey'] = this.#pick(['', 'nope', 'a'.repeat(500)]);
    if (this.#chance(0.1)) h.authorization = this.#pick(['Bearer x', 'Basic Og==', 'Bearer ']);
    if (this.#chance(0.1)) h['x-junk'] = this.#pick(['\u00e9\u00ff', 'a'.repeat(4000), '']);
    return h;
  }

  /** A request the gateway must refuse before the app (or the admin API) acts on it. */
  refused(): FuzzRequest {
    const trigger = this.#pick(['host', 'origin', 'cross-site', 'bad-path', 'long-url', 'admin-csrf'] as const);
    const admin = trigger === 'admin-csrf' || (trigger !== 'bad-path' && this.#chance(0.3));
    let method = this.#chance(0.7) ? this.#pick(WRITE_METHODS) : this.#pick(METHODS);
    let path = this.#path(admin) + this.#query();
    const headers = this.#headers();
    const { body, type } = this.#body();
    if (type) headers['content-type'] = type;
    switch (trigger) {
      case 'host':
        headers.host = this.#pick(FOREIGN_HOSTS);
        break;
      case 'origin':
        headers.origin = this.#pick(FOREIGN_ORIGINS);
        break;
      case 'cross-site':
        delete headers.origin;
        headers['sec-fetch-site'] = 'cross-site';
        headers['sec-fetch-mode'] = this.#pick(['no-cors', 'cors']);
        headers['sec-fetch-dest'] = this.#pick(['image', 'script', 'empty', 'iframe']);
        break;
      case 'bad-path':
        path = `${this.#pick(APP_PATHS.filter((p) => p.startsWith('/dev/')))}/${this.#pick(MALFORMED)}${this.#query()}`;
        break;
      case 'long-url':
        path += `${path.includes('?') ? '&' : '?'}pad=${'p'.repeat(8200)}`;
        break;
      case 'admin-csrf':
        method = this.#pick(WRITE_METHODS);
        delete headers.origin;
        delete headers['sec-fetch-site'];
        delete headers['x-localhooks-client'];
        headers['content-type'] = this.#pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']);
        break;
    }
    return { method, path, headers, body: method === 'GET' || method === 'HEAD' ? undefined : body, trigger };
  }

  /** What a client of the app would send, with random queries and documents: reaches crudlify and the workflow. */
  plausible(): FuzzRequest {
    const headers: Record<string, string> = { host: `localhost:${this.#port}`, 'content-type': 'application/json' };
    if (this.#chance(0.3)) headers.origin = this.#pick(LOOPBACK_ORIGINS);
    const coll = this.#pick(['items', 'items', 'notes']);
    const doc = () => Buffer.from(JSON.stringify(this.#chance(0.5) ? { name: this.#pick(SEGMENTS), n: Math.floor(this.#r() * 100), tags: [this.#json()] } : this.#json()) ?? 'null');
    switch (Math.floor(this.#r() * 8)) {
      case 0:
      case 1: return { method: 'GET', path: `/dev/crud/${coll}${this.#query()}`, headers };
      case 2: return { method: 'GET', path: `/dev/crud/${coll}/${this.#pick(SEEDED_IDS)}`, headers };
      case 3: return { method: 'POST', path: `/dev/crud/${coll}`, headers, body: doc() };
      case 4: return { method: this.#pick(['PUT', 'PATCH']), path: `/dev/crud/${coll}/${this.#pick(SEEDED_IDS)}`, headers, body: doc() };
      case 5: return { method: this.#pick(['PATCH', 'DELETE']), path: `/dev/crud/${coll}/_byquery${this.#query()}`, headers, body: Buffer.from(JSON.stringify({ $set: { touched: this.#json() } })) };
      case 6: return { method: 'POST', path: '/dev/flow', headers, body: doc() };
      default: return { method: 'POST', path: '/dev/echo', headers, body: doc() };
    }
  }

  /** Anything: valid calls, odd ones, and now and then a refused one. */
  any(): FuzzRequest {
    if (this.#chance(0.15)) return this.refused();
    if (this.#chance(0.4)) return this.plausible();
    const method = this.#pick(METHODS);
    const headers = this.#headers();
    const { body, type } = this.#body();
    if (type) headers['content-type'] = type;
    return { method, path: this.#path() + this.#query(), headers, body: method === 'GET' || method === 'HEAD' ? undefined : body };
  }

  /** Bytes for a raw socket: not HTTP, half HTTP, or HTTP with broken framing. */
  garbage(): Buffer {
    const host = `Host: localhost:${this.#port}\r\n`;
    switch (Math.floor(this.#r() * 10)) {
      case 0: return Buffer.from(Array.from({ length: 1 + Math.floor(this.#r() * 300) }, () => Math.floor(this.#r() * 256)));
      case 1: return Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
      case 2: return Buffer.from('\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03');
      case 3: return Buffer.from(`GET /dev/secret HTTP/1.1\r\n${host}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`);
      case 4: return Buffer.from(`POST /dev/echo HTTP/1.1\r\n${host}Transfer-Encoding: chunked\r\n\r\nZZ\r\nxx\r\n`);
      case 5: return Buffer.from(`GET /dev/${this.#pick(MALFORMED)} HTTP/1.1\r\n${host}\r\n`);
      case 6: return Buffer.from(`GET /dev/secret HTTP/1.1\r\n${host}X: a\r\n x\r\n\r\n`);
      case 7: return Buffer.from(`${this.#pick(['BREW', 'G\x00T', 'get', 'CONNECT'])} /dev/secret HTTP/1.1\r\n${host}\r\n`);
      case 8: return Buffer.from(`GET /dev/secret HTTP/9.9\r\n${host}\r\n`);
      default: return Buffer.from(`POST /dev/echo HTTP/1.1\r\n${host}Content-Length: -1\r\n\r\n`);
    }
  }
}

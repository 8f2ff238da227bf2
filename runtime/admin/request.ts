import type { FastifyRequest } from 'fastify';
import { AdminError } from './errors.js';

/**
 * Items one page of the admin API returns at most: a dashboard table or a terminal screen needs far fewer, and a
 * client that wants everything streams the export instead of paging through memory.
 */
export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;

const bad = (message: string): AdminError => new AdminError('LH_ADMIN_BAD_REQUEST', message);

/** The JSON body (fastify hands bodies over as bytes); undefined when there is none. */
export function jsonBody(req: FastifyRequest): unknown {
  const raw = req.body;
  if (raw === undefined || raw === null) return undefined;
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw);
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw bad(`the request body is not JSON: ${(err as Error).message}`);
  }
}

/** A body that must be a JSON object. */
export function objectBody(req: FastifyRequest, what: string): Record<string, unknown> {
  const body = jsonBody(req);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw bad(`${what}: expected a JSON object body`);
  return body as Record<string, unknown>;
}

/** A query-string parameter holding JSON (`q={"status":"open"}`); undefined when absent. */
export function jsonParam(value: unknown, name: string): unknown {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw bad(`${name} must be given once`);
  try {
    return JSON.parse(value);
  } catch (err) {
    throw bad(`${name} is not JSON: ${(err as Error).message} (got ${value.length > 80 ? value.slice(0, 80) + '…' : value})`);
  }
}

export function intParam(value: unknown, name: string, o: { min: number; max: number; def: number }): number {
  if (value === undefined || value === '') return o.def;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : NaN;
  const range = o.max === Number.MAX_SAFE_INTEGER ? `≥ ${o.min}` : `from ${o.min} to ${o.max}`;
  if (!Number.isInteger(n) || n < o.min || n > o.max) throw bad(`${name} must be a whole number ${range}, got ${JSON.stringify(value)}`);
  return n;
}

export function stringParam(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw bad(`${name} must be a string given once`);
  return value;
}

/** `limit` (default 100) and `offset`; a limit past MAX_PAGE_SIZE is refused with a code of its own. */
export function page(source: { limit?: unknown; offset?: unknown }): { limit: number; offset: number } {
  const offset = intParam(source.offset, 'offset', { min: 0, max: Number.MAX_SAFE_INTEGER, def: 0 });
  const limit = intParam(source.limit, 'limit', { min: 1, max: Number.MAX_SAFE_INTEGER, def: DEFAULT_PAGE_SIZE });
  if (limit > MAX_PAGE_SIZE) throw new AdminError('LH_ADMIN_PAGE_TOO_LARGE', `limit ${limit} is larger than a page may be (${MAX_PAGE_SIZE}); page with offset, or stream the collection with its export`);
  return { limit, offset };
}

import { errorToPlain } from '../../sdk/error-values.js';
import { dbError, type DbErrorCode } from './errors.js';

/** Deeper than any sane document; stops runaway recursion on pathological input before the stack does. */
export const MAX_DEPTH = 100;

/**
 * Turns an app value into plain JSON data, the way it comes back from the platform (DB-29): Dates become ISO
 * strings, `undefined` object fields are dropped (array slots become null), Errors become
 * `{name, message, stack}`. Values that cannot be stored (functions, symbols, BigInt, cycles) are rejected
 * with `code` naming the path, so nothing is written half-way.
 */
export function toStorable(value: unknown, code: DbErrorCode = 'LH_DB_INVALID_DOCUMENT', path = ''): unknown {
  return convert(value, { code, base: path, trail: [], seen: new Set() }, 0);
}

/**
 * toStorable for a plain object that gets a generated `_id`: the copy starts with an `_id` slot (which the caller
 * fills) so the stored document has it first, without copying the document again to put it there. The caller
 * checked that `obj` is a plain object without `toJSON`.
 */
export function toStorableWithIdFirst(obj: Record<string, unknown>, code: DbErrorCode = 'LH_DB_INVALID_DOCUMENT'): Record<string, unknown> {
  const w: Walk = { code, base: '', trail: [], seen: new Set([obj]) };
  return copyFields(obj, { _id: undefined }, w, 0, '_id');
}

/** The walk's state; the path is kept as parts and joined only for an error (every insert walks every field). */
interface Walk {
  code: DbErrorCode;
  base: string;
  trail: (string | number)[];
  seen: Set<object>;
}

function pathOf(w: Walk): string {
  let path = w.base;
  for (const part of w.trail) path = typeof part === 'number' ? `${path}[${part}]` : path ? `${path}.${part}` : part;
  return path;
}

function fail(w: Walk, message: (path: string) => string): never {
  throw dbError(w.code, message(pathOf(w)));
}

function convert(value: unknown, w: Walk, depth: number): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'undefined':
      return undefined;
    case 'function':
    case 'symbol':
    case 'bigint':
      return fail(w, (path) => `Cannot store a ${typeof value} at "${path || '(root)'}"`);
  }
  if (value === null) return null;
  const obj = value as object;
  if (depth > MAX_DEPTH) return fail(w, (path) => `Value nested deeper than ${MAX_DEPTH} levels at "${path}"`);
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? null : obj.toISOString();
  if (obj instanceof RegExp) return String(obj);
  if (w.seen.has(obj)) return fail(w, (path) => `Cannot store a circular reference at "${path || '(root)'}"`);
  w.seen.add(obj);
  try {
    if (obj instanceof Error) return convert(errorToPlain(obj), w, depth + 1);
    if (ArrayBuffer.isView(obj)) {
      // Buffers arrive as Uint8Array after structured clone; store them the way Buffer#toJSON would.
      return { type: 'Buffer', data: Array.from(new Uint8Array(obj.buffer, obj.byteOffset, obj.byteLength)) };
    }
    if (Array.isArray(obj)) {
      const out = new Array<unknown>(obj.length);
      for (let i = 0; i < obj.length; i++) {
        w.trail.push(i);
        out[i] = convert(obj[i], w, depth + 1) ?? null;
        w.trail.pop();
      }
      return out;
    }
    if (obj instanceof Map) return convert(Object.fromEntries(obj), w, depth + 1);
    if (obj instanceof Set) return convert([...obj], w, depth + 1);
    const toJSON = (obj as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return convert(toJSON.call(obj), w, depth + 1);
    return copyFields(obj as Record<string, unknown>, {}, w, depth);
  } finally {
    w.seen.delete(obj);
  }
}

/** An object's fields converted into `out`, all but `skip`; fields that convert to undefined are left out. */
function copyFields(obj: Record<string, unknown>, out: Record<string, unknown>, w: Walk, depth: number, skip?: string): Record<string, unknown> {
  for (const key of Object.keys(obj)) {
    if (key === skip) continue;
    if (key === '__proto__') fail(w, (path) => `The field name "__proto__" is not allowed at "${path || '(root)'}"`);
    w.trail.push(key);
    const v = convert(obj[key], w, depth + 1);
    w.trail.pop();
    if (v !== undefined) out[key] = v;
  }
  return out;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

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
  return convert(value, code, path, new Set(), 0);
}

function convert(value: unknown, code: DbErrorCode, path: string, seen: Set<object>, depth: number): unknown {
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
      throw dbError(code, `Cannot store a ${typeof value} at "${path || '(root)'}"`);
  }
  if (value === null) return null;
  const obj = value as object;
  if (depth > MAX_DEPTH) throw dbError(code, `Value nested deeper than ${MAX_DEPTH} levels at "${path}"`);
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? null : obj.toISOString();
  if (obj instanceof RegExp) return String(obj);
  if (seen.has(obj)) throw dbError(code, `Cannot store a circular reference at "${path || '(root)'}"`);
  seen.add(obj);
  try {
    if (obj instanceof Error) return convert(errorToPlain(obj), code, path, seen, depth + 1);
    if (ArrayBuffer.isView(obj)) {
      // Buffers arrive as Uint8Array after structured clone; store them the way Buffer#toJSON would.
      return { type: 'Buffer', data: Array.from(new Uint8Array(obj.buffer, obj.byteOffset, obj.byteLength)) };
    }
    if (Array.isArray(obj)) {
      return obj.map((v, i) => convert(v, code, `${path}[${i}]`, seen, depth + 1) ?? null);
    }
    if (obj instanceof Map) return convert(Object.fromEntries(obj), code, path, seen, depth + 1);
    if (obj instanceof Set) return convert([...obj], code, path, seen, depth + 1);
    const toJSON = (obj as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return convert(toJSON.call(obj), code, path, seen, depth + 1);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(obj)) {
      if (key === '__proto__') throw dbError(code, `The field name "__proto__" is not allowed at "${path || '(root)'}"`);
      const v = convert((obj as Record<string, unknown>)[key], code, path ? `${path}.${key}` : key, seen, depth + 1);
      if (v !== undefined) out[key] = v;
    }
    return out;
  } finally {
    seen.delete(obj);
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

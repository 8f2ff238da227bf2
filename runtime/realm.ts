/**
 * Values that cross a thread (the coderunner's datastore calls) arrive as objects of Node's main realm. When
 * localhooks itself is loaded inside a VM context (jest's ESM runner gives each test file one), those objects
 * fail its `instanceof Date` and plain-object checks; they are rebuilt in this realm first. In a plain Node
 * process the two realms are one and values pass untouched.
 */
export const FOREIGN_REALM = Object.getPrototypeOf(structuredClone({})) !== Object.prototype;

/** Deep copy of `value` made of this realm's objects, arrays, Dates, RegExps, Errors, Maps and Sets. */
export function toLocalRealm<T>(value: T): T {
  return (FOREIGN_REALM ? rebuild(value, new Map()) : value) as T;
}

function rebuild(value: unknown, seen: Map<object, unknown>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value;
  const known = seen.get(value);
  if (known !== undefined) return known;
  const tag = Object.prototype.toString.call(value);
  if (tag === '[object Date]') return new Date((value as Date).getTime());
  if (tag === '[object RegExp]') return new RegExp((value as RegExp).source, (value as RegExp).flags);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const x of value) out.push(rebuild(x, seen));
    return out;
  }
  if (tag === '[object Map]') {
    const out = new Map();
    seen.set(value, out);
    for (const [k, v] of value as Map<unknown, unknown>) out.set(rebuild(k, seen), rebuild(v, seen));
    return out;
  }
  if (tag === '[object Set]') {
    const out = new Set();
    seen.set(value, out);
    for (const v of value as Set<unknown>) out.add(rebuild(v, seen));
    return out;
  }
  const out: Record<string, unknown> = tag === '[object Error]' ? rebuildError(value as Error) : Object.getPrototypeOf(value) === null ? Object.create(null) : {};
  seen.set(value, out);
  for (const [k, v] of Object.entries(value)) out[k] = rebuild(v, seen);
  return out;
}

function rebuildError(err: Error): Record<string, unknown> {
  const out = new Error(err.message);
  out.name = err.name;
  if (err.stack) out.stack = err.stack;
  return out as unknown as Record<string, unknown>;
}

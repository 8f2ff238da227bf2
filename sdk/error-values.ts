/**
 * Errors written into documents (the workflow engine `$set`s `lastError: err`) are kept as
 * `{name, message, stack, ...own fields}` instead of JSON's `{}` (CONTRACT-29). Pure: the conn uses it in the
 * worker before arguments cross the MessagePort, where structured clone would drop custom names and fields.
 */
export function errorToPlain(err: Error): Record<string, unknown> {
  const plain: Record<string, unknown> = { name: err.name, message: err.message };
  if (err.stack !== undefined) plain.stack = err.stack;
  for (const key of Object.keys(err)) {
    if (!(key in plain)) plain[key] = (err as unknown as Record<string, unknown>)[key];
  }
  if (err.cause instanceof Error) plain.cause = errorToPlain(err.cause);
  return plain;
}

/** Replaces every Error inside `value` with its plain form; other values are returned untouched (no copy). */
export function plainErrors(value: unknown): unknown {
  // Nearly no app data holds an Error: a look that allocates nothing comes first.
  return mayHoldError(value, 0) ? replaceErrors(value, new Set()) : value;
}

/** Deeper than app data goes; past it (or in a cycle) the full walk decides. */
const QUICK_DEPTH = 32;

function mayHoldError(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (value instanceof Error || depth > QUICK_DEPTH) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (mayHoldError(value[i], depth + 1)) return true;
    return false;
  }
  if (value instanceof Date || value instanceof RegExp || ArrayBuffer.isView(value)) return false;
  // for…in also visits inherited fields: at worst a needless full walk, never a missed Error.
  for (const key in value) if (mayHoldError((value as Record<string, unknown>)[key], depth + 1)) return true;
  return false;
}

function replaceErrors(value: unknown, seen: Set<object>): unknown {
  if (value instanceof Error) return errorToPlain(value);
  if (value === null || typeof value !== 'object' || seen.has(value)) return value;
  if (value instanceof Date || value instanceof RegExp || ArrayBuffer.isView(value)) return value;
  seen.add(value);
  let copy: Record<string, unknown> | unknown[] | undefined;
  const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
  for (const [k, v] of entries) {
    const next = replaceErrors(v, seen);
    if (next !== v) {
      copy ??= Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) };
      (copy as Record<string | number, unknown>)[k] = next;
    }
  }
  seen.delete(value);
  return copy ?? value;
}

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
export function plainErrors(value: unknown, seen: Set<object> = new Set()): unknown {
  if (value instanceof Error) return errorToPlain(value);
  if (value === null || typeof value !== 'object' || seen.has(value)) return value;
  if (value instanceof Date || value instanceof RegExp || ArrayBuffer.isView(value)) return value;
  seen.add(value);
  let copy: Record<string, unknown> | unknown[] | undefined;
  const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
  for (const [k, v] of entries) {
    const next = plainErrors(v, seen);
    if (next !== v) {
      copy ??= Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) };
      (copy as Record<string | number, unknown>)[k] = next;
    }
  }
  seen.delete(value);
  return copy ?? value;
}

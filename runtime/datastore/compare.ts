/**
 * Value semantics shared by the query engine, update operators and sorting. Stored documents are JSON, so a
 * stored value is null, boolean, number, string, array or plain object. Query operands may also be RegExp and
 * Date instances (crudlify's URL parser makes them, QL-13).
 */

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/** Milliseconds of a stored date: an ISO string (how Dates are stored) or a number; NaN otherwise. */
export function storedTime(stored: unknown): number {
  if (typeof stored === 'string') return Date.parse(stored);
  if (stored instanceof Date) return stored.getTime();
  return Number.NaN;
}

/** Is `stored` equal to the query operand? RegExp operands match strings; Date operands compare as dates. */
export function valueEquals(stored: unknown, operand: unknown): boolean {
  if (operand instanceof RegExp) return typeof stored === 'string' && regexTest(operand, stored);
  if (operand instanceof Date) {
    const t = storedTime(stored);
    return !Number.isNaN(t) && t === operand.getTime();
  }
  return deepEqual(stored, operand);
}

/** RegExps with `g`/`y` keep state in lastIndex; reset it so every test starts at 0. */
export function regexTest(re: RegExp, s: string): boolean {
  re.lastIndex = 0;
  return re.test(s);
}

const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

export function isNumericString(v: unknown): v is string {
  return typeof v === 'string' && NUMERIC.test(v);
}

/**
 * Orders a stored value against an operand for $gt/$gte/$lt/$lte, or undefined when they are not comparable
 * (so the condition is false, as in Mongo). One leniency: a numeric string operand compares numerically with
 * stored numbers, because route params are strings (`{Volume: {$gt: req.params.vol}}` in the docs).
 */
export function compareOrdered(stored: unknown, operand: unknown): number | undefined {
  if (operand instanceof Date) {
    const t = storedTime(stored);
    return Number.isNaN(t) ? undefined : t - operand.getTime();
  }
  switch (typeof operand) {
    case 'number':
      return typeof stored === 'number' ? stored - operand : undefined;
    case 'string':
      if (typeof stored === 'string') return stored < operand ? -1 : stored > operand ? 1 : 0;
      if (typeof stored === 'number' && isNumericString(operand)) return stored - Number(operand);
      return undefined;
    case 'boolean':
      return typeof stored === 'boolean' ? Number(stored) - Number(operand) : undefined;
    default:
      return undefined;
  }
}

/** Calls `test` on each value and on each element of array values (Mongo's implicit array matching). */
export function anyLeaf(values: unknown[], test: (v: unknown) => boolean): boolean {
  for (const v of values) {
    if (test(v)) return true;
    if (Array.isArray(v)) for (const el of v) if (test(el)) return true;
  }
  return false;
}

// Mongo's cross-type sort order: missing/null < numbers < strings < objects < arrays < booleans.
function typeRank(v: unknown): number {
  if (v === undefined || v === null) return 0;
  switch (typeof v) {
    case 'number':
      return 1;
    case 'string':
      return 2;
    case 'boolean':
      return 5;
    default:
      return Array.isArray(v) ? 4 : 3;
  }
}

/** A total order over stored values, used by `sort`. */
export function sortCompare(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 0:
      return 0;
    case 1:
      return (a as number) - (b as number);
    case 2:
    case 5:
      return a! < b! ? -1 : a! > b! ? 1 : 0;
    default: {
      const ja = JSON.stringify(a);
      const jb = JSON.stringify(b);
      return ja < jb ? -1 : ja > jb ? 1 : 0;
    }
  }
}

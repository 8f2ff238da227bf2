import type { JsonSchema } from './schema-check.js';

// How many multiples either side of the preferred one are tried before giving up.
const MULTIPLE_SEARCH = 10_000;

/** The number nearest `preferred` that the schema's bounds, `multipleOf` and integer type accept, or null. */
export function fitNumber(s: JsonSchema, preferred: number, integer: boolean): number | null {
  const min = s.minimum as number | undefined;
  const max = s.maximum as number | undefined;
  const exMin = s.exclusiveMinimum as number | undefined;
  const exMax = s.exclusiveMaximum as number | undefined;
  const step = s.multipleOf as number | undefined;
  const ok = (v: number): boolean =>
    Number.isFinite(v) &&
    (min === undefined || v >= min) &&
    (max === undefined || v <= max) &&
    (exMin === undefined || v > exMin) &&
    (exMax === undefined || v < exMax) &&
    (!integer || Number.isInteger(v)) &&
    // The test ajv makes: the quotient must be a whole number as computed, not only in exact arithmetic.
    (step === undefined || isWhole(v / step));

  const lo = Math.max(min ?? -Infinity, exMin ?? -Infinity);
  const hi = Math.min(max ?? Infinity, exMax ?? Infinity);
  let v = Math.min(Math.max(preferred, lo), hi);
  if (integer) v = Math.round(v);
  if (ok(v)) return v;
  if (step !== undefined) {
    const k0 = Math.round(v / step);
    for (let d = 0; d <= MULTIPLE_SEARCH; d++) {
      for (const k of d === 0 ? [k0] : [k0 + d, k0 - d]) {
        const candidate = k * step;
        if (ok(candidate)) return candidate;
      }
    }
    return null;
  }
  // Bounds that exclude the preferred value: step inside them.
  const inside = integer
    ? [Math.ceil(lo), Math.floor(lo) + 1, Math.floor(hi), Math.ceil(hi) - 1]
    : [lo + 1, hi - 1, (lo + hi) / 2, lo + (hi - lo) / 1024, hi - (hi - lo) / 1024];
  return inside.find(ok) ?? null;
}

function isWhole(q: number): boolean {
  return q === parseInt(String(q), 10);
}

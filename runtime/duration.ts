/**
 * Durations and instants as people type them (`'25h'`, `'1h30m'`, an ISO date), read once for the test kit's
 * clock and for `localhooks time`. Each caller says which error a bad value becomes.
 */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const PART = /(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)/gy;

export type BadValue = (message: string) => Error;

/**
 * Milliseconds from a number of ms or text like `'25h'`, `'61m'`, `'1h30m'`, `'90s'`, `'500ms'`, `'2d'`, `'1w'`.
 * Zero is allowed; negative amounts and unknown units become `bad(message)`.
 */
export function readDuration(value: unknown, what: string, bad: BadValue): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0) return value;
    throw bad(`${what}: expected milliseconds ≥ 0, got ${value}`);
  }
  if (typeof value !== 'string' || value.trim() === '') {
    throw bad(`${what}: expected milliseconds or text like '25h', '61m', '1h30m', got ${describe(value)}`);
  }
  const text = value.trim();
  let total = 0;
  let end = 0;
  PART.lastIndex = 0;
  for (let m = PART.exec(text); m; m = PART.exec(text)) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    end = PART.lastIndex;
    while (text[PART.lastIndex] === ' ') PART.lastIndex++;
  }
  if (end !== text.length) {
    throw bad(`${what}: cannot read '${text}'; use a number and a unit (ms, s, m, h, d, w) like '25h', '61m' or '1h30m'`);
  }
  return total;
}

/** Epoch milliseconds from a Date, an ISO string or a number. */
export function readInstant(value: unknown, what: string, bad: BadValue): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' || typeof value === 'number' ? new Date(value).getTime() : NaN;
  if (!Number.isFinite(ms)) throw bad(`${what}: expected a Date, an ISO string or epoch milliseconds, got ${describe(value)}`);
  return ms;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof Date) return 'an invalid Date';
  return value === null ? 'null' : typeof value;
}

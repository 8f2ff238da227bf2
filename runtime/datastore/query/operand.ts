import { isPlainObject } from '../storable.js';
import { invalidQuery } from './invalid.js';

/** `{$date: '2016-08-01'}` is a date literal inside a query (QL-11), wherever a value is expected. */
export function isDateLiteral(v: unknown): v is { $date: string | number } {
  return isPlainObject(v) && Object.keys(v).length === 1 && '$date' in v;
}

export function toDate(v: { $date: unknown }): Date {
  const raw = v.$date;
  const d = typeof raw === 'string' || typeof raw === 'number' ? new Date(raw) : raw instanceof Date ? raw : undefined;
  if (!d || Number.isNaN(d.getTime())) throw invalidQuery(`$date needs an ISO date string, got ${JSON.stringify(raw)}`);
  return d;
}

/** Replaces `$date` literals (also inside arrays, for `$in`) with Date instances. */
export function normaliseOperand(v: unknown): unknown {
  if (isDateLiteral(v)) return toDate(v);
  if (Array.isArray(v)) return v.some((x) => isDateLiteral(x)) ? v.map(normaliseOperand) : v;
  return v;
}

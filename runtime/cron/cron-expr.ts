import { createRequire } from 'node:module';
import type NodeCron from 'node-cron';

// Required on the first expression (its CommonJS build): an app without cron jobs never needs it (~4 MB).
const require = createRequire(import.meta.url);
let nodeCron: typeof NodeCron | undefined;
const validateDetailed = (expr: string): ReturnType<typeof NodeCron.validateDetailed> =>
  (nodeCron ??= require('node-cron') as typeof NodeCron).validateDetailed(expr);

/**
 * Cron expressions: node-cron parses and validates them (5 fields, or 6 with leading seconds; lists, ranges,
 * steps, month and weekday names, 0 and 7 = Sunday), and this module computes the next run from a given time,
 * so timers can run on the injected clock (node-cron's own scheduler only knows the real clock).
 * Day-of-month and day-of-week must both match, as in node-cron (which the platform's tooling ships).
 */
export interface CronSpec {
  second: number[];
  minute: number[];
  hour: number[];
  dayOfMonth: ReadonlySet<number>;
  month: ReadonlySet<number>;
  dayOfWeek: ReadonlySet<number>;
}

export type TimeZone = 'utc' | 'local';

export type ParsedCron = { ok: true; spec: CronSpec } | { ok: false; reason: string };

/** A weekday-and-date pattern such as `0 0 29 2 1` (Feb 29 on a Monday) recurs every 28 years. */
const MAX_SEARCH_DAYS = 366 * 29;

export function parseCron(expr: unknown): ParsedCron {
  if (typeof expr !== 'string' || expr.trim() === '') return { ok: false, reason: 'expression must be a non-empty string' };
  let result;
  try {
    result = validateDetailed(expr.trim());
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
  if (!result.valid || !result.fields) {
    return { ok: false, reason: result.errors.map((e) => e.message).join('; ') || 'invalid expression' };
  }
  const f = result.fields;
  const numeric = (xs: (number | string)[]): xs is number[] => xs.every((x) => typeof x === 'number');
  if (!numeric(f.dayOfMonth) || !numeric(f.dayOfWeek)) {
    return { ok: false, reason: 'L, W and # day tokens are not supported by Codehooks cron' };
  }
  const sorted = (xs: number[]): number[] => [...new Set(xs)].sort((a, b) => a - b);
  return {
    ok: true,
    spec: {
      second: sorted(f.second),
      minute: sorted(f.minute),
      hour: sorted(f.hour),
      dayOfMonth: new Set(f.dayOfMonth),
      month: new Set(f.month),
      dayOfWeek: new Set(f.dayOfWeek.map((d) => d % 7)),
    },
  };
}

interface Parts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

const CALENDARS: Record<TimeZone, { parts(ms: number): Parts; make(p: Parts): number }> = {
  utc: {
    parts(ms) {
      const t = new Date(ms);
      return { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours(), mi: t.getUTCMinutes(), s: t.getUTCSeconds() };
    },
    make: (p) => Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s),
  },
  local: {
    parts(ms) {
      const t = new Date(ms);
      return { y: t.getFullYear(), mo: t.getMonth() + 1, d: t.getDate(), h: t.getHours(), mi: t.getMinutes(), s: t.getSeconds() };
    },
    make: (p) => new Date(p.y, p.mo - 1, p.d, p.h, p.mi, p.s).getTime(),
  },
};

/** The first matching whole second strictly after `after` (epoch ms), or null if none within the search window. */
export function nextRun(spec: CronSpec, after: number, tz: TimeZone = 'utc'): number | null {
  const cal = CALENDARS[tz];
  const from = Math.floor(after / 1000) * 1000 + 1000;
  const lo = cal.parts(from);
  let day = { y: lo.y, mo: lo.mo, d: lo.d };
  for (let i = 0; i < MAX_SEARCH_DAYS; i++, day = nextDay(day)) {
    const weekday = new Date(Date.UTC(day.y, day.mo - 1, day.d)).getUTCDay();
    if (!spec.month.has(day.mo) || !spec.dayOfMonth.has(day.d) || !spec.dayOfWeek.has(weekday)) continue;
    const first = i === 0;
    for (const h of spec.hour) {
      if (first && h < lo.h) continue;
      for (const mi of spec.minute) {
        if (first && h === lo.h && mi < lo.mi) continue;
        for (const s of spec.second) {
          const p = { ...day, h, mi, s };
          const ms = cal.make(p);
          if (ms < from) continue;
          const back = cal.parts(ms);
          if (back.h === h && back.mi === mi && back.d === day.d) return ms; // else a local time skipped by DST
        }
      }
    }
  }
  return null;
}

function nextDay(day: { y: number; mo: number; d: number }): { y: number; mo: number; d: number } {
  const t = new Date(Date.UTC(day.y, day.mo - 1, day.d + 1));
  return { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

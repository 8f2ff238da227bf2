/**
 * Time travel for `localhooks dev` (`localhooks time`, `/.localhooks/api/clock`): the server clock, what is due
 * next, and moving the clock so that everything due on the way runs in time order. The same clock mechanism as
 * the test kit's (runtime/clock.ts): TTL, cron, `runAt`, retries, lease timeouts and the app's own `Date`.
 */
import { SteppableClock, type Clock } from '../clock.js';
import type { CronRun, CronService } from '../cron/index.js';
import { readDuration, readInstant } from '../duration.js';
import { MovableClock } from '../movable-clock.js';
import type { ItemFinished } from '../queue/index.js';
import { dueThings, kvLabel, ranItem, type DueSources } from './due.js';
import { TimeError } from './errors.js';
import type { ClockMode, ClockStatus, RanThing, TimeTravel } from './types.js';

export type * from './types.js';
export { TimeError, TIME_ERRORS } from './errors.js';

/** Things of one kind listed by one move; past it they are counted. Expiring a cache of 10k keys is one line. */
const MAX_LISTED_PER_KIND = 100;
/** Expiring entries looked at before and after a move. */
const MAX_EXPIRING = 100_000;

export interface TimeDeps extends DueSources {
  clock: Clock;
  cron: DueSources['cron'] & Pick<CronService, 'onFinished'>;
  broker: DueSources['broker'] & { onFinished(fn: (e: ItemFinished) => void): () => void };
  /** Deletes expired key-value entries now (the sweep the clock would run later). */
  sweep(): Promise<number>;
}

export interface TimeService {
  status(limit?: number): Promise<ClockStatus>;
  /** By `'2h'`, `'1h30m'` or milliseconds. */
  advance(by: unknown): Promise<TimeTravel>;
  /** To an ISO time or epoch ms: forward runs what is due on the way; backward runs nothing. */
  set(to: unknown): Promise<TimeTravel>;
  /** Back to the real time (the clock of a test server goes to the real time too). */
  reset(): Promise<TimeTravel>;
}

const bad = (message: string) => new TimeError('LH_TIME_BAD_VALUE', message);

export function createTimeService(deps: TimeDeps): TimeService {
  const { clock } = deps;
  const steppable = (): SteppableClock => {
    if (clock instanceof SteppableClock) return clock;
    throw new TimeError('LH_TIME_NOT_MOVABLE', 'this server runs on the system clock, which cannot be moved; `localhooks dev` runs on a movable one');
  };
  const mode = (): ClockMode => (clock instanceof MovableClock ? (clock.offset === 0 ? 'real' : 'moved') : clock instanceof SteppableClock ? 'manual' : 'system');

  /** Moves the clock with `move`, listing what ran on the way. */
  async function travel(to: number | null, move: () => Promise<void>): Promise<TimeTravel> {
    const from = clock.now();
    const ran: RanThing[] = [];
    const offCron = deps.cron.onFinished((r: CronRun) => ran.push({ at: new Date(r.startedAt).toISOString(), kind: 'cron', what: `cron job #${r.index} '${r.expr}'${r.manual ? ' (run by hand)' : ''}`, outcome: r.status, ...(r.error ? { error: r.error } : {}) }));
    const offQueue = deps.broker.onFinished((e) => ran.push(ranItem(e)));
    const before = to !== null && to > from ? await deps.kv.expiring(from, to, MAX_EXPIRING) : [];
    try {
      await move();
    } finally {
      offCron();
      offQueue();
    }
    const end = clock.now();
    const after = end > from ? await deps.kv.expiring(from, end, MAX_EXPIRING) : [];
    const expired = new Map<string, { keyspace: string; key: string; expiresAt: number }>();
    for (const e of [...before, ...after]) if (e.expiresAt <= end) expired.set(`${e.keyspace}\n${e.key}\n${e.expiresAt}`, e);
    if (expired.size > 0) await deps.sweep();
    for (const e of expired.values()) ran.push({ at: new Date(e.expiresAt).toISOString(), kind: 'ttl', what: `key ${kvLabel(e.keyspace, e.key)}`, outcome: 'expired' });
    ran.sort((a, b) => a.at.localeCompare(b.at));
    const { listed, omitted } = capPerKind(ran);
    return { from: new Date(from).toISOString(), to: new Date(end).toISOString(), ran: listed, omitted };
  }

  return {
    async status(limit = 20) {
      const now = clock.now();
      return {
        now: new Date(now).toISOString(),
        real: new Date().toISOString(),
        offsetMs: clock instanceof MovableClock ? clock.offset : clock instanceof SteppableClock ? null : 0,
        mode: mode(),
        movable: clock instanceof SteppableClock,
        due: await dueThings(deps, now, limit),
      };
    },
    advance(by) {
      const ms = readDuration(by, 'advance', bad);
      const c = steppable();
      return travel(c.now() + ms, () => c.advance(ms));
    },
    set(to) {
      const ms = readInstant(to, 'set', bad);
      const c = steppable();
      return travel(ms, () => c.set(ms));
    },
    reset() {
      const c = steppable();
      return travel(Date.now(), () => (c instanceof MovableClock ? c.reset() : c.set(Date.now())));
    },
  };
}

function capPerKind(ran: RanThing[]): { listed: RanThing[]; omitted: number } {
  const seen = new Map<string, number>();
  const listed: RanThing[] = [];
  for (const r of ran) {
    const n = (seen.get(r.kind) ?? 0) + 1;
    seen.set(r.kind, n);
    if (n <= MAX_LISTED_PER_KIND) listed.push(r);
  }
  return { listed, omitted: ran.length - listed.length };
}

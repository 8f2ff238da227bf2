import type { FakeClock } from '../clock.js';
import type { Logger } from '../logger.js';
import { DEFAULT_STALL_MS, idleSettler, type WorkSource } from '../work.js';
import { parseDuration, parseInstant } from './duration.js';
import { TestKitError } from './errors.js';

/**
 * `server.clock`: the one clock behind key-value TTL, cron, `runAt`, queue retry delays and lease timeouts, and
 * the app's own `Date.now()` / `new Date()`.
 */
export interface TestClock {
  /** `manual`: time moves only when the test moves it; `system`: the real time. */
  readonly mode: 'manual' | 'system';
  /** The runtime's (and the app's) current time. */
  now(): Date;
  /**
   * Moves time forward by `'25h'`, `'61m'`, `'1h30m'` or milliseconds. Every timer due on the way fires in time
   * order, and the work it starts (a cron run, a queue item, a workflow step) finishes before the next one
   * fires; resolves when the runtime is idle at the new time.
   */
  advance(by: string | number): Promise<void>;
  /** Jumps to a Date, ISO string or epoch ms: forward like `advance`, backward without firing anything. */
  set(to: Date | string | number): Promise<void>;
}

export { DEFAULT_STALL_MS };

export function manualClock(clock: FakeClock, sources: readonly WorkSource[], logger: Logger, stallMs = DEFAULT_STALL_MS): TestClock {
  clock.settleWith(idleSettler(sources, logger, { stallMs, label: 'test clock' }));
  return {
    mode: 'manual',
    now: () => new Date(clock.now()),
    advance: async (by) => clock.advance(parseDuration(by, 'clock.advance')),
    set: async (to) => clock.set(parseInstant(to, 'clock.set')),
  };
}

export function systemTestClock(): TestClock {
  const refuse = (what: string): Promise<never> =>
    Promise.reject(new TestKitError('SYSTEM_CLOCK', `clock.${what}: this server runs on the system clock; start it with startTestServer({ clock: 'manual' }) to move time`));
  return {
    mode: 'system',
    now: () => new Date(),
    advance: () => refuse('advance'),
    set: () => refuse('set'),
  };
}

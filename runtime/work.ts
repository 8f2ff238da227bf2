import type { ConnBackend, StreamMethod } from '../sdk/contract/calls.js';
import type { Logger } from './logger.js';
import { toLocalRealm } from './realm.js';

/**
 * Work a service has in flight that can finish without the clock moving: a leased queue item, a running cron
 * job, a datastore call from the app. The test kit's clock waits until none is left before it fires the next
 * timer, and `drain()` waits for the same, so a test sees each tick's work done, in order.
 */
export interface WorkSource {
  /** Keys of the work in flight now (`queue:<id>`, `cron:<expr>` …); empty when idle. */
  inFlight(): string[];
  /** Calls `fn` each time some work finishes, so a waiter checks again; returns the unsubscribe function. */
  onSettle(fn: () => void): () => void;
}

/** A small listener set for WorkSource implementations. */
export class SettleSignal {
  readonly #listeners = new Set<() => void>();

  on(fn: () => void): () => void {
    this.#listeners.add(fn);
    return () => void this.#listeners.delete(fn);
  }

  emit(): void {
    for (const fn of [...this.#listeners]) fn();
  }
}

export interface TrackedBackend extends ConnBackend, WorkSource {
  /** The same backend without tracking: the test kit's own reads must not count as the app's work. */
  readonly untracked: ConnBackend;
}

/** Counts the app's datastore and queue calls in flight (a job that enqueues is not done until its enqueue is). */
export function trackCalls(backend: ConnBackend): TrackedBackend {
  const signal = new SettleSignal();
  let active = 0;
  const done = (): void => {
    active--;
    signal.emit();
  };
  return {
    untracked: backend,
    call(method, args) {
      active++;
      let p: Promise<unknown>;
      try {
        p = backend.call(method, toLocalRealm(args));
      } catch (err) {
        p = Promise.reject(err);
      }
      p.then(done, done);
      return p;
    },
    iterate: (method: StreamMethod, args: unknown[]) => backend.iterate(method, toLocalRealm(args)),
    inFlight: () => (active > 0 ? [`calls:${active}`] : []),
    onSettle: (fn) => signal.on(fn),
  };
}

export interface WaitIdleOptions {
  /** Work keys not to wait for (work found stalled earlier). */
  ignore?: ReadonlySet<string>;
  /**
   * Resolve anyway when no work finished for this long (real ms), reporting what was still running as
   * `stalled`; without it the wait only ends by `timeoutMs`.
   */
  stallMs?: number;
  /** Reject after this long (real ms), naming the work still in flight. */
  timeoutMs?: number;
}

/** Resolves when no source has work in flight (other than `ignore`d keys). Event-driven: no polling. */
export function waitIdle(sources: readonly WorkSource[], options: WaitIdleOptions = {}): Promise<{ stalled: string[] }> {
  const busy = (): string[] => sources.flatMap((s) => s.inFlight()).filter((k) => !options.ignore?.has(k));
  if (busy().length === 0) return Promise.resolve({ stalled: [] });
  return new Promise((resolve, reject) => {
    let stallTimer: NodeJS.Timeout | undefined;
    let timeout: NodeJS.Timeout | undefined;
    const offs: Array<() => void> = [];
    const finish = (fn: () => void): void => {
      for (const off of offs) off();
      clearTimeout(stallTimer);
      clearTimeout(timeout);
      fn();
    };
    const armStall = (): void => {
      if (options.stallMs === undefined) return;
      clearTimeout(stallTimer);
      stallTimer = setTimeout(() => finish(() => resolve({ stalled: busy() })), options.stallMs);
    };
    const check = (): void => {
      if (busy().length === 0) finish(() => resolve({ stalled: [] }));
      else armStall();
    };
    for (const s of sources) offs.push(s.onSettle(check));
    armStall();
    if (options.timeoutMs !== undefined) {
      timeout = setTimeout(
        () => finish(() => reject(new Error(`still busy after ${options.timeoutMs} ms: ${busy().join(', ')}`))),
        options.timeoutMs,
      );
    }
  });
}

/** Real ms a moving clock waits for work that shows no progress (a worker that never ends) before time moves on. */
export const DEFAULT_STALL_MS = 1000;

/**
 * What a moving clock (the test kit's, `localhooks time advance`) waits for after each timer it fires: until
 * no source has work in flight. Work that stalled once is not waited for again (its lease timeout is one of
 * the timers time will reach).
 */
export function idleSettler(sources: readonly WorkSource[], logger: Logger, options: { stallMs?: number; label?: string } = {}): () => Promise<void> {
  const stallMs = options.stallMs ?? DEFAULT_STALL_MS;
  const stalled = new Set<string>();
  return async () => {
    const { stalled: now } = await waitIdle(sources, { ignore: stalled, stallMs });
    for (const key of now) stalled.add(key);
    if (now.length > 0) logger.warn(`${options.label ?? 'clock'}: ${now.join(', ')} still running after ${stallMs} ms without progress; moving time on`);
    const live = new Set(sources.flatMap((s) => s.inFlight()));
    for (const key of stalled) if (!live.has(key)) stalled.delete(key);
  };
}

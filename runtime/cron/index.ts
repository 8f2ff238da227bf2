/**
 * Cron jobs from the manifest's `jobhooks`, timed by the injected clock. Each job is a `{id, expr}`; `run(id)`
 * (supplied by the composition root) calls the job's handlers in the current runner generation.
 *
 * - An invalid expression is logged with the reason; the other jobs still run.
 * - A job still running when its next time comes is not started twice (JOB-08): that run is skipped and logged.
 * - Expressions are evaluated in UTC by default (the platform's servers run in UTC; AMB 29).
 *
 * @example
 *   const cron = createCronService({ clock: systemClock, logger });
 *   cron.schedule([{ id: '0 9 * * 1-5', expr: '0 9 * * 1-5' }], (id) => runner.runJob(id));
 *   cron.list();        // [{ index: 1, expr: '0 9 * * 1-5', nextRun: '2026-…', running: false, … }]
 *   await cron.trigger(1);
 */
import type { Clock, TimerHandle } from '../clock.js';
import type { Logger } from '../logger.js';
import { SettleSignal, type WorkSource } from '../work.js';
import { nextRun, parseCron, type CronSpec, type TimeZone } from './cron-expr.js';
import { CronError } from './errors.js';

export { parseCron, nextRun, type CronSpec, type TimeZone } from './cron-expr.js';
export { CronError, CRON_ERRORS } from './errors.js';

export interface CronJobDef {
  id: string;
  expr: string;
}

export interface CronJobStatus {
  /** 1-based position in the schedule, as `localhooks jobs` shows it. */
  index: number;
  id: string;
  expr: string;
  nextRun: string | null;
  running: boolean;
  lastRun: string | null;
  lastDurationMs: number | null;
  lastError: { message: string; stack?: string } | null;
  runs: number;
  skipped: number;
  /** Why the expression was rejected; such a job never runs. */
  invalid: string | null;
}

export type TriggerResult =
  | { index: number; expr: string; status: 'ok'; durationMs: number }
  | { index: number; expr: string; status: 'failed'; durationMs: number; error: { message: string; stack?: string } }
  | { index: number; expr: string; status: 'skipped'; reason: string };

/** One run that ended, as `onFinished` reports it (`localhooks time advance` lists these). */
export interface CronRun {
  index: number;
  expr: string;
  /** Clock time the run started. */
  startedAt: number;
  durationMs: number;
  status: 'ok' | 'failed';
  error?: string;
  /** Started by `jobs run` rather than by its schedule. */
  manual: boolean;
}

export interface CronService extends WorkSource {
  /** Replaces the schedule (stopping the previous one first, as a deploy or reload does). */
  schedule(jobs: CronJobDef[], run: (id: string) => Promise<void>): void;
  stop(): void;
  list(): CronJobStatus[];
  /** Runs a job now, by 1-based index, id or expression; resolves when the run finished. */
  trigger(ref: number | string): Promise<TriggerResult>;
  /** Scheduled runs from now until `until` (epoch ms), at most `perJob` of each job, earliest first. */
  upcoming(until: number, perJob: number): { index: number; expr: string; at: number }[];
  /** Calls `fn` after every run; returns the unsubscribe function. */
  onFinished(fn: (run: CronRun) => void): () => void;
}

/** Node clamps longer timers to 1 ms; far-off runs re-arm in steps of this size instead. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface JobState {
  def: CronJobDef;
  index: number;
  spec: CronSpec | null;
  invalid: string | null;
  nextAt: number | null;
  timer: TimerHandle | null;
  running: boolean;
  lastRun: number | null;
  lastDurationMs: number | null;
  lastError: { message: string; stack?: string } | null;
  runs: number;
  skipped: number;
}

/**
 * `claim`: when several processes share one store, each scheduled run is claimed first and only the process whose
 * claim wins runs it (runtime/cluster); manual runs are not claimed.
 */
export function createCronService(deps: { clock: Clock; logger: Logger; timeZone?: TimeZone; claim?: (key: string) => Promise<boolean> }): CronService {
  const { clock, logger } = deps;
  const tz = deps.timeZone ?? 'utc';
  let jobs: JobState[] = [];
  let run: (id: string) => Promise<void> = async () => {};
  const settled = new SettleSignal();
  const listeners = new Set<(run: CronRun) => void>();

  const label = (j: JobState): string => `cron job #${j.index} '${j.def.expr}'`;

  function arm(j: JobState): void {
    if (!j.spec || j.nextAt === null) return;
    const delay = Math.min(Math.max(0, j.nextAt - clock.now()), MAX_TIMER_MS);
    j.timer = clock.setTimeout(() => onTimer(j), delay);
  }

  function onTimer(j: JobState): void {
    j.timer = null;
    if (!jobs.includes(j) || j.nextAt === null || !j.spec) return;
    const due = j.nextAt;
    if (clock.now() < due) return arm(j); // a long wait cut into timer-sized steps
    if (j.running) {
      j.skipped++;
      logger.warn(`${label(j)} is still running; skipped the run due at ${new Date(due).toISOString()}`);
    } else if (deps.claim) void claimed(j, due);
    else void execute(j, false);
    j.nextAt = nextRun(j.spec, Math.max(clock.now(), due), tz);
    arm(j);
  }

  async function claimed(j: JobState, due: number): Promise<void> {
    const won = await deps.claim!(`cron/${j.index}/${j.def.id}/${due}`).catch((err: Error) => {
      logger.error(`${label(j)}: could not claim the run due at ${new Date(due).toISOString()}: ${err.message}`);
      return false;
    });
    if (won && jobs.includes(j)) await execute(j, false);
  }

  async function execute(j: JobState, manual: boolean): Promise<TriggerResult> {
    j.running = true;
    const started = clock.now();
    j.lastRun = started;
    j.runs++;
    let error: { message: string; stack?: string } | null = null;
    try {
      await run(j.def.id);
    } catch (err) {
      error = errorInfo(err);
      logger.error(`${label(j)} failed: ${error.message}`);
    } finally {
      j.running = false;
      j.lastDurationMs = clock.now() - started;
      j.lastError = error;
      settled.emit();
    }
    const durationMs = j.lastDurationMs;
    for (const fn of listeners) fn({ index: j.index, expr: j.def.expr, startedAt: started, durationMs, status: error ? 'failed' : 'ok', manual, ...(error ? { error: error.message } : {}) });
    return error
      ? { index: j.index, expr: j.def.expr, status: 'failed', durationMs, error }
      : { index: j.index, expr: j.def.expr, status: 'ok', durationMs };
  }

  function stop(): void {
    for (const j of jobs) j.timer?.cancel();
    jobs = [];
  }

  return {
    schedule(defs, runFn) {
      stop();
      run = runFn;
      jobs = defs.map((def, i) => {
        const parsed = parseCron(def.expr);
        const j: JobState = {
          def,
          index: i + 1,
          spec: parsed.ok ? parsed.spec : null,
          invalid: parsed.ok ? null : parsed.reason,
          nextAt: null,
          timer: null,
          running: false,
          lastRun: null,
          lastDurationMs: null,
          lastError: null,
          runs: 0,
          skipped: 0,
        };
        if (!parsed.ok) logger.error(`cron job #${j.index}: invalid expression '${def.expr}': ${parsed.reason}; the job will not run`);
        else j.nextAt = nextRun(parsed.spec, clock.now(), tz);
        return j;
      });
      for (const j of jobs) arm(j);
    },
    stop,
    inFlight: () => jobs.filter((j) => j.running).map((j) => `cron:${j.index}:${j.runs}`),
    onSettle: (fn) => settled.on(fn),
    list() {
      return jobs.map((j) => ({
        index: j.index,
        id: j.def.id,
        expr: j.def.expr,
        nextRun: j.nextAt === null ? null : new Date(j.nextAt).toISOString(),
        running: j.running,
        lastRun: j.lastRun === null ? null : new Date(j.lastRun).toISOString(),
        lastDurationMs: j.lastDurationMs,
        lastError: j.lastError,
        runs: j.runs,
        skipped: j.skipped,
        invalid: j.invalid,
      }));
    },
    async trigger(ref) {
      const j = find(jobs, ref);
      if (j.running) {
        logger.warn(`${label(j)} is still running; the manual run was skipped`);
        return { index: j.index, expr: j.def.expr, status: 'skipped', reason: 'the job is still running' };
      }
      logger.info(`${label(j)}: manual run`);
      return execute(j, true);
    },
    upcoming(until, perJob) {
      const out: { index: number; expr: string; at: number }[] = [];
      for (const j of jobs) {
        if (!j.spec) continue;
        let n = 0;
        for (let at = j.nextAt; at !== null && at <= until && n < perJob; at = nextRun(j.spec, at, tz), n++) out.push({ index: j.index, expr: j.def.expr, at });
      }
      return out.sort((a, b) => a.at - b.at || a.index - b.index);
    },
    onFinished(fn) {
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },
  };
}

function find(jobs: JobState[], ref: number | string): JobState {
  const text = String(ref).trim();
  const byIndex = /^\d+$/.test(text) ? jobs.find((j) => j.index === Number(text)) : undefined;
  const j = byIndex ?? jobs.find((x) => x.def.id === text || x.def.expr === text);
  if (!j) {
    const known = jobs.map((x) => `#${x.index} '${x.def.expr}'`).join(', ') || 'none';
    throw new CronError('LH_CRON_UNKNOWN_JOB', `no cron job '${text}' (jobs: ${known})`);
  }
  return j;
}

function errorInfo(err: unknown): { message: string; stack?: string } {
  if (err instanceof Error) return err.stack ? { message: err.message, stack: err.stack } : { message: err.message };
  return { message: String(err) };
}

export { registerCronRoutes, type CronRouteSources } from './cron.routes.js';

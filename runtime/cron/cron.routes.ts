import type { FastifyInstance } from 'fastify';
import { ADMIN_API } from '../admin/prefix.js';
import { intParam } from '../admin/request.js';
import type { CronService } from './index.js';
import { any, bool, int, list, nullable, obj, routeSchema, str } from '../admin/schema.js';

export interface CronRouteSources {
  cron: Pick<CronService, 'list' | 'trigger' | 'upcoming'>;
}

/** Next runs listed per job at most: a week of an every-minute job is noise, not information. */
const MAX_NEXT_RUNS = 50;

const SCHEMAS = {
  list: routeSchema({
    tag: 'jobs',
    summary: 'Cron jobs with their next runs and last result',
    query: { next: int('next runs listed per job: 0..50, default 3') },
    reply: obj({ jobs: list(obj({ index: int('1-based, as `localhooks jobs` shows it'), id: str(), expr: str('the cron expression'), nextRun: nullable(str()), running: bool(), lastRun: nullable(str()), lastError: any(), runs: int(), nextRuns: list(str()), lastResult: nullable(str('ok or failed')) })) }),
  }),
  run: routeSchema({ tag: 'jobs', summary: 'Run one cron job now; answers when the run finished', params: { ref: str('1-based index, id or URL-encoded cron expression') }, reply: obj({ index: int(), expr: str(), status: str('ok, failed or skipped'), durationMs: int(), error: any(), reason: str('why it was skipped') }, ['durationMs', 'error', 'reason']) }),
};

/**
 * `GET /.localhooks/api/jobs[?next=N]` → `{jobs: CronJobStatus[]}`, each with its next N runs (`nextRuns`,
 * default 3) and the last result (`lastResult`: ok, failed or null);
 * `POST /.localhooks/api/jobs/:ref/run` (ref = 1-based index, id or URL-encoded expression) → TriggerResult,
 * answered when the run finished. An unknown ref throws LH_CRON_UNKNOWN_JOB (404).
 */
export function registerCronRoutes(app: FastifyInstance, sources: CronRouteSources): void {
  app.get<{ Querystring: Record<string, unknown> }>(`${ADMIN_API}/jobs`, { schema: SCHEMAS.list }, async (req) => {
    const n = intParam(req.query.next, 'next', { min: 0, max: MAX_NEXT_RUNS, def: 3 });
    const upcoming = n > 0 ? sources.cron.upcoming(Number.MAX_SAFE_INTEGER, n) : [];
    return {
      jobs: sources.cron.list().map((j) => ({
        ...j,
        nextRuns: upcoming.filter((u) => u.index === j.index).map((u) => new Date(u.at).toISOString()),
        lastResult: j.lastRun === null ? null : j.lastError ? 'failed' : 'ok',
      })),
    };
  });
  app.post<{ Params: { ref: string } }>(`${ADMIN_API}/jobs/:ref/run`, { schema: SCHEMAS.run }, async (req) => sources.cron.trigger(req.params.ref));
}

import type { FastifyInstance } from 'fastify';
import { ADMIN_API } from '../admin/prefix.js';
import type { CronService } from './index.js';

export interface CronRouteSources {
  cron: Pick<CronService, 'list' | 'trigger'>;
}

/**
 * `GET /.localhooks/api/jobs` → `{jobs: CronJobStatus[]}`;
 * `POST /.localhooks/api/jobs/:ref/run` (ref = 1-based index, id or URL-encoded expression) → TriggerResult,
 * answered when the run finished. An unknown ref throws LH_CRON_UNKNOWN_JOB (404).
 */
export function registerCronRoutes(app: FastifyInstance, sources: CronRouteSources): void {
  app.get(`${ADMIN_API}/jobs`, async () => ({ jobs: sources.cron.list() }));
  app.post<{ Params: { ref: string } }>(`${ADMIN_API}/jobs/:ref/run`, async (req) => sources.cron.trigger(req.params.ref));
}

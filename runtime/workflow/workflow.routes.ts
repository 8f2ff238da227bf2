import type { FastifyInstance } from 'fastify';
import { ADMIN_API } from '../admin/prefix.js';
import { buildWorkflowReport, type WorkflowInstanceDoc } from './report.js';
import { renderWorkflowReport } from './render.js';

export interface WorkflowRouteSources {
  /** Every document of `workflowdata` (the composition root reads the datastore). */
  listInstances(): Promise<WorkflowInstanceDoc[]>;
}

/**
 * `GET /.localhooks/api/workflows/status[?active=true][&format=text]` → the `workflow-status` report as JSON
 * (`{totalInstances, workflows: WorkflowReport[]}`), or as the text layout with `format=text`.
 */
export function registerWorkflowRoutes(app: FastifyInstance, sources: WorkflowRouteSources): void {
  app.get<{ Querystring: { active?: string; format?: string } }>(`${ADMIN_API}/workflows/status`, async (req, reply) => {
    const report = buildWorkflowReport(await sources.listInstances(), { activeOnly: req.query.active === 'true' || req.query.active === '1' });
    if (req.query.format === 'text') return reply.type('text/plain; charset=utf-8').send(renderWorkflowReport(report));
    return report;
  });
}

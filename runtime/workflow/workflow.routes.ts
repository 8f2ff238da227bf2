import type { FastifyInstance } from 'fastify';
import { ADMIN_API } from '../admin/prefix.js';
import { AdminError } from '../admin/errors.js';
import { page, stringParam } from '../admin/request.js';
import { instanceState, instanceSummary, INSTANCE_STATES, stepHistory, type InstanceWork } from './instances.js';
import { buildWorkflowReport, type WorkflowInstanceDoc } from './report.js';
import { renderWorkflowReport } from './render.js';
import { int, list, obj, PAGE_QUERY, PAGE_REPLY, record, routeSchema, str } from '../admin/schema.js';

export interface WorkflowRouteSources {
  /** Every document of `workflowdata` (the composition root reads the datastore). */
  listInstances(): Promise<WorkflowInstanceDoc[]>;
  /** One instance document, or null. */
  getInstance?(id: string): Promise<WorkflowInstanceDoc | null>;
  /** The queue items (not done) of an instance's steps, as the admin API shows them. */
  stepItems?(id: string): { state: string; [field: string]: unknown }[];
}

type Q = { Querystring: Record<string, unknown> };

const SCHEMAS = {
  status: routeSchema({
    tag: 'workflows',
    summary: 'The workflow-status report: instances per workflow and step (format=text: the text layout)',
    query: { active: str('true: running and waiting instances only'), format: str('text for the terminal layout') },
    reply: obj({ totalInstances: int(), workflows: list(record()) }),
  }),
  instances: routeSchema({
    tag: 'workflows',
    summary: 'Workflow instances by workflow and state',
    query: { workflow: str('a workflow name'), state: str('running, waiting, failed, cancelled or done'), order: str('newest: latest first'), ...PAGE_QUERY },
    reply: obj({ instances: list(record()), ...PAGE_REPLY }),
  }),
  instance: routeSchema({ tag: 'workflows', summary: 'One instance: its state, step history and queue items', params: { id: str('the instance _id') }, reply: obj({ steps: list(record()), queueItems: list(record()), instance: record() }) }),
};

/**
 * `GET /.localhooks/api/workflows/status[?active=true][&format=text]` → the `workflow-status` report as JSON
 * (`{totalInstances, workflows: WorkflowReport[]}`), or as the text layout with `format=text`;
 * `GET /workflows/instances?workflow=&state=&limit=&offset=[&order=newest]` → `{instances, more}` (states: running, waiting,
 * failed, cancelled, done); `GET /workflows/instances/:id` → the instance, its step history and queue items.
 */
export function registerWorkflowRoutes(app: FastifyInstance, sources: WorkflowRouteSources): void {
  app.get<{ Querystring: { active?: string; format?: string } }>(`${ADMIN_API}/workflows/status`, { schema: SCHEMAS.status }, async (req, reply) => {
    const report = buildWorkflowReport(await sources.listInstances(), { activeOnly: req.query.active === 'true' || req.query.active === '1' });
    if (req.query.format === 'text') return reply.type('text/plain; charset=utf-8').send(renderWorkflowReport(report));
    return report;
  });
  const workOf = (id: unknown): InstanceWork => {
    const items = sources.stepItems?.(String(id)) ?? [];
    return { active: items.some((i) => i.state !== 'dead'), dead: items.some((i) => i.state === 'dead') };
  };
  app.get<Q>(`${ADMIN_API}/workflows/instances`, { schema: SCHEMAS.instances }, async (req) => {
    const workflow = stringParam(req.query.workflow, 'workflow');
    const state = stringParam(req.query.state, 'state');
    if (state !== undefined && !(INSTANCE_STATES as readonly string[]).includes(state)) {
      throw new AdminError('LH_ADMIN_BAD_REQUEST', `state must be one of ${INSTANCE_STATES.join(', ')}, got "${state}"`);
    }
    const { limit, offset } = page(req.query);
    const all = (await sources.listInstances())
      .filter((d) => workflow === undefined || d.workflowName === workflow)
      .map((d) => instanceSummary(d, instanceState(d, workOf(d._id))))
      .filter((d) => state === undefined || d.state === state);
    // `order=newest`: the dashboard lists the latest instances first.
    if (req.query.order === 'newest') all.reverse();
    return { instances: all.slice(offset, offset + limit), offset, limit, more: all.length > offset + limit };
  });
  app.get<{ Params: { id: string } }>(`${ADMIN_API}/workflows/instances/:id`, { schema: SCHEMAS.instance }, async (req) => {
    const doc = (await sources.getInstance?.(req.params.id)) ?? null;
    if (!doc) throw new AdminError('LH_ADMIN_NOT_FOUND', `no workflow instance "${req.params.id}"`);
    const state = instanceState(doc, workOf(doc._id));
    return { ...instanceSummary(doc, state), steps: stepHistory(doc), queueItems: sources.stepItems?.(req.params.id) ?? [], instance: doc };
  });
}

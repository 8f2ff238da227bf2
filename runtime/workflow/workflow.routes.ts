import type { FastifyInstance } from 'fastify';
import { ADMIN_API } from '../admin/prefix.js';
import { AdminError } from '../admin/errors.js';
import { page, stringParam } from '../admin/request.js';
import { instanceState, instanceSummary, INSTANCE_STATES, stepHistory, type InstanceState, type InstanceWork } from './instances.js';
import { WorkflowReportBuilder, type WorkflowInstanceDoc } from './report.js';
import { renderWorkflowReport } from './render.js';
import { int, list, obj, PAGE_QUERY, PAGE_REPLY, record, routeSchema, str } from '../admin/schema.js';
import type { InstanceSummary } from './summary.js';

export interface WorkflowRouteSources {
  /**
   * A summary of every `workflowdata` document, in `_id` order (newest first when `reverse`): the datastore keeps
   * them beside the documents, so the report and the list never read every document.
   */
  summaries(reverse?: boolean): AsyncIterable<InstanceSummary>;
  /** One instance document, or null. */
  getInstance?(id: string): Promise<WorkflowInstanceDoc | null>;
  /** The queue items (not done) of an instance's steps, as the admin API shows them. */
  stepItems?(id: string): { state: string; [field: string]: unknown }[];
  /** What the queue says of every instance that has items, in one pass over the queue. */
  instanceWork?(): Map<string, InstanceWork>;
}

const IDLE: InstanceWork = { active: false, dead: false };

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
    const builder = new WorkflowReportBuilder({ activeOnly: req.query.active === 'true' || req.query.active === '1' });
    for await (const s of sources.summaries()) builder.add(s);
    const report = builder.build();
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
    const work = sources.instanceWork?.();
    // The page is picked from summaries (`order=newest`: the dashboard lists the latest first); only its
    // documents are read.
    const picked: { id: string; state: InstanceState }[] = [];
    let matched = 0;
    for await (const s of sources.summaries(req.query.order === 'newest')) {
      if (workflow !== undefined && s.shape.w !== workflow) continue;
      const st = summaryState(s, work ? (work.get(s._id) ?? IDLE) : workOf(s._id));
      if (state !== undefined && st !== state) continue;
      if (matched++ < offset) continue;
      if (picked.length === limit) break;
      picked.push({ id: s._id, state: st });
    }
    const more = matched > offset + limit;
    const docs = await Promise.all(picked.map((p) => sources.getInstance?.(p.id) ?? null));
    const instances = picked.flatMap((p, i) => (docs[i] ? [instanceSummary(docs[i]!, p.state)] : []));
    return { instances, offset, limit, more };
  });
  app.get<{ Params: { id: string } }>(`${ADMIN_API}/workflows/instances/:id`, { schema: SCHEMAS.instance }, async (req) => {
    const doc = (await sources.getInstance?.(req.params.id)) ?? null;
    if (!doc) throw new AdminError('LH_ADMIN_NOT_FOUND', `no workflow instance "${req.params.id}"`);
    const state = instanceState(doc, workOf(doc._id));
    return { ...instanceSummary(doc, state), steps: stepHistory(doc), queueItems: sources.stepItems?.(req.params.id) ?? [], instance: doc };
  });
}

/** `instanceState` from a summary: the same fields decide it. */
function summaryState(s: InstanceSummary, work: InstanceWork): InstanceState {
  const { x, n, e } = s.shape;
  return instanceState({ _id: s._id, status: x ? 'cancelled' : undefined, nextStep: n, lastError: e === 1 ? true : undefined }, work);
}

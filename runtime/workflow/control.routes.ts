import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ADMIN_API, ADMIN_PREFIX } from '../admin/prefix.js';
import { page } from '../admin/request.js';
import { groupWorkflows } from '../dev/banner.js';
import { WorkflowError } from './errors.js';
import type { WorkflowControl } from './control.js';
import { userState } from './timeline.js';
import { WORKFLOW_COLLECTION, type WorkflowTrace } from './trace.js';
import type { ManifestSummary } from '../runner/protocol.js';
import type { ConnBackend } from '../../sdk/contract/calls.js';
import { any, list, nullable, obj, PAGE_QUERY, PAGE_REPLY, record, routeSchema, str } from '../admin/schema.js';
import type { InstanceSummary } from './summary.js';

/** `POST /.localhooks/resume/<instanceId>/<token>`: the resume URL a waiting instance gets. */
export const RESUME_PREFIX = `${ADMIN_PREFIX}/resume/`;

export interface ControlRouteSources {
  control: WorkflowControl;
  trace: WorkflowTrace;
  manifest(): ManifestSummary | null;
  /** Instance summaries in `_id` order (summary.ts): the waiting list reads the documents of unfinished ones only. */
  summaries(): AsyncIterable<InstanceSummary>;
  /** Instance ids with queue work (WorkflowControlDeps.runningInstances), once per listing. */
  runningInstances(): Set<string>;
}

type Doc = Record<string, unknown>;

/** Fastify hands every body over as bytes (the admin API parses JSON itself): an empty one is `undefined`. */
function jsonBody(body: unknown): unknown {
  if (!Buffer.isBuffer(body)) return body;
  if (body.byteLength === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new WorkflowError('LH_WF_BAD_STATE', `the body is not JSON: ${(err as Error).message}`);
  }
}

const originOf = (req: FastifyRequest) => `${req.protocol}://${req.headers.host ?? 'localhost'}`;

const SCHEMAS = {
  timeline: routeSchema({ tag: 'workflows', summary: 'One instance\'s step timeline: state before and after each step, notes, the resume URL', params: { id: str('the instance _id') }, reply: obj({ instanceId: any(), workflowName: str(), nextStep: any(), lastError: any(), workflowSteps: list(str()), steps: list(record()), resumeUrl: nullable(str()) }) }),
  rerun: routeSchema({ tag: 'workflows', summary: 'Run an instance again from a step, with an edited state if given', params: { id: str() }, body: obj({ step: str(), state: record() }, ['state']), reply: record() }),
  resumeUrls: routeSchema({ tag: 'workflows', summary: 'Waiting instances with the URL that resumes each, a page at a time', query: { ...PAGE_QUERY }, reply: obj({ waiting: list(obj({ instanceId: any(), workflowName: any(), step: any(), resumeUrl: str() })), ...PAGE_REPLY }) }),
};

/**
 * `GET /workflows/instances/:id/timeline` (steps with state before/after, notes, the resume URL),
 * `POST /workflows/instances/:id/rerun` `{step, state?}`, `GET /workflows/resume-urls?limit=&offset=` (waiting
 * instances and their URLs, a page at a time: `{waiting, offset, limit, more}`), and the resume URL itself,
 * `POST /.localhooks/resume/:id/:token` with a JSON object.
 */
export function registerControlRoutes(app: FastifyInstance, s: ControlRouteSources): void {
  const resumeUrl = async (req: FastifyRequest, doc: Doc) => (s.control.resumable(doc) ? null : `${originOf(req)}${RESUME_PREFIX}${String(doc._id)}/${await s.control.token(String(doc._id))}`);

  app.get<{ Params: { id: string } }>(`${ADMIN_API}/workflows/instances/:id/timeline`, { schema: SCHEMAS.timeline }, async (req) => {
    const doc = await s.control.get(req.params.id);
    const name = String(doc.workflowName ?? '');
    const steps = groupWorkflows(Object.keys(s.manifest()?.workers ?? {})).get(name) ?? [];
    const timeline = s.trace.timeline(doc);
    const last = timeline.steps.at(-1);
    // `wait()` without a state writes nothing: a step left open with nothing queued is waiting, not running.
    if (last && last.outcome === 'running' && last.step === doc.nextStep && !s.control.resumable(doc)) last.outcome = 'waiting';
    return {
      instanceId: doc._id,
      workflowName: name,
      nextStep: doc.nextStep ?? null,
      lastError: doc.lastError ?? null,
      workflowSteps: steps,
      state: userState(doc),
      ...timeline,
      resumeUrl: await resumeUrl(req, doc),
    };
  });
  app.post<{ Params: { id: string } }>(`${ADMIN_API}/workflows/instances/:id/rerun`, { schema: SCHEMAS.rerun }, async (req) => {
    const body = jsonBody(req.body) as { step?: unknown; state?: unknown } | undefined;
    if (!body || typeof body.step !== 'string' || body.step === '') throw new WorkflowError('LH_WF_UNKNOWN_STEP', 'the body must be {"step": "<step name>", "state"?: {…}}');
    return s.control.rerun(req.params.id, body.step, body.state);
  });
  app.get<{ Querystring: Record<string, unknown> }>(`${ADMIN_API}/workflows/resume-urls`, { schema: SCHEMAS.resumeUrls }, async (req) => {
    const { limit, offset } = page(req.query);
    const running = s.runningInstances();
    const waiting = [];
    let matched = 0;
    for await (const sum of s.summaries()) {
      const { n, x } = sum.shape;
      if (n === null || n === undefined || x || running.has(sum._id)) continue;
      if (matched++ < offset) continue;
      if (waiting.length === limit) break;
      const doc = (await s.control.get(sum._id).catch(() => null)) as Doc | null;
      if (!doc || s.control.resumable(doc, running)) continue;
      const url = `${originOf(req)}${RESUME_PREFIX}${String(doc._id)}/${await s.control.token(String(doc._id))}`;
      waiting.push({ instanceId: doc._id, workflowName: doc.workflowName ?? null, step: doc.nextStep, updatedAt: doc.updatedAt ?? null, lastError: doc.lastError ?? null, resumeUrl: url });
    }
    return { waiting, offset, limit, more: matched > offset + limit };
  });
  app.post<{ Params: { id: string; token: string } }>(`${RESUME_PREFIX}:id/:token`, async (req, reply) => {
    await s.control.checkToken(req.params.id, req.params.token);
    const result = await s.control.resume(req.params.id, jsonBody(req.body) ?? {});
    return reply.code(202).send({ resumed: true, ...result });
  });
}

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ConnBackend } from '../../sdk/contract/calls.js';
import type { Clock } from '../clock.js';
import type { ManifestSummary } from '../runner/protocol.js';
import type { Store } from '../storage/index.js';
import { WorkflowError } from './errors.js';
import { SYSTEM_FIELDS, userState } from './timeline.js';
import { WORKFLOW_COLLECTION, type WorkflowTrace } from './trace.js';

/** The SDK's default queue prefix: step `s` of workflow `w` runs on topic `workflowqueue_w_s`. */
const QUEUE_PREFIX = 'workflowqueue_';
/** The resume secret is kept in the data folder, so resume URLs stay valid across restarts. */
const SECRET_KEY = 'workflow/resume-secret';

type Doc = Record<string, unknown>;

export interface WorkflowControlDeps {
  backend: Pick<ConnBackend, 'call'>;
  store: Store;
  clock: Clock;
  trace: WorkflowTrace;
  manifest(): ManifestSummary | null;
  /** Instance ids with a step queued, leased or retrying: those are running and are not touched. */
  runningInstances(): Set<string>;
}

export interface ControlResult {
  instanceId: string;
  workflowName: string;
  step: string;
  topic: string;
  state: Doc;
  /** System fields in the posted state that were left out (`nextStep`, `stepCount` …). */
  ignored: string[];
}

/**
 * Rerun from a step and resume by URL, done the way the SDK's own engine continues an instance
 * (`Workflow.continue`): the `workflowdata` document is updated, the step's visit count restarts, and the step
 * is enqueued on its topic with the instance's state, so the app's own worker runs it.
 */
export class WorkflowControl {
  #deps: WorkflowControlDeps;
  #secret: Buffer | null = null;

  constructor(deps: WorkflowControlDeps) {
    this.#deps = deps;
  }

  /** The unguessable token in an instance's resume URL: an HMAC of its id under a per-data-folder secret. */
  async token(instanceId: string): Promise<string> {
    return createHmac('sha256', await this.#key()).update(`resume:${instanceId}`).digest('base64url');
  }

  async checkToken(instanceId: string, token: string): Promise<void> {
    const want = Buffer.from(await this.token(instanceId));
    const got = Buffer.from(token);
    if (got.length !== want.length || !timingSafeEqual(got, want)) throw new WorkflowError('LH_WF_BAD_TOKEN', 'this resume URL is not valid (the token does not match the instance)');
  }

  async get(instanceId: string): Promise<Doc> {
    const doc = (await this.#deps.backend.call('findOneOrNull', [WORKFLOW_COLLECTION, instanceId])) as Doc | null;
    if (!doc) throw new WorkflowError('LH_WF_NOT_FOUND', `no workflow instance "${instanceId}" in ${WORKFLOW_COLLECTION}`);
    return doc;
  }

  /**
   * `waiting` (parked in a step, e.g. in `wait()`) and `failed` instances can be resumed; others are refused.
   * `running`: the instances with queue work, when the caller checks many documents against one look at the queue.
   */
  resumable(doc: Doc, running?: Set<string>): string | null {
    if (doc.status === 'cancelled') return 'it was cancelled';
    if (doc.nextStep === null || doc.nextStep === undefined) return 'it has completed';
    if ((running ?? this.#deps.runningInstances()).has(String(doc._id))) return `its step ${String(doc.nextStep)} is queued or running`;
    return null;
  }

  /** `updateState(id, state, {continue: true})`: merge the posted state, run the waiting step again. */
  async resume(instanceId: string, posted: unknown): Promise<ControlResult> {
    const doc = await this.get(instanceId);
    const why = this.resumable(doc);
    if (why) throw new WorkflowError('LH_WF_NOT_RESUMABLE', `workflow instance ${instanceId} cannot be resumed: ${why}`);
    const { state, ignored } = splitState(posted);
    const step = String(doc.nextStep);
    const updated = (await this.#deps.backend.call('updateOne', [WORKFLOW_COLLECTION, instanceId, { $set: { ...state, updatedAt: this.#iso() } }])) as Doc;
    this.#deps.trace.note(instanceId, { kind: 'resume', step });
    return this.#continue(updated, step, ignored);
  }

  /**
   * Runs the instance on from `step`. The record keeps its `_id`, `workflowName` and `createdAt`; its app fields
   * become `state` (default: what the step received last time, if this server saw it, else the current fields);
   * `nextStep` becomes `step`; `lastError`, `totalTime` and `status` are removed; `stepCount` keeps every step's
   * record, with `step`'s visits restarting from 0.
   */
  async rerun(instanceId: string, step: string, edited?: unknown): Promise<ControlResult> {
    const doc = await this.get(instanceId);
    const name = String(doc.workflowName ?? '');
    this.#topic(name, step);
    if (this.#deps.runningInstances().has(instanceId)) throw new WorkflowError('LH_WF_NOT_RESUMABLE', `workflow instance ${instanceId} is running (a step is queued or leased); wait for it to stop first`);
    const { state, ignored } = edited === undefined ? { state: this.#deps.trace.stateBefore(instanceId, step) ?? userState(doc), ignored: [] } : splitState(edited);
    const kept: Doc = {};
    for (const k of ['workflowName', 'createdAt', 'previousStep', 'stepCount', 'parallelSteps']) if (doc[k] !== undefined) kept[k] = doc[k];
    const replaced = (await this.#deps.backend.call('replaceOne', [WORKFLOW_COLLECTION, instanceId, { ...kept, ...state, nextStep: step, updatedAt: this.#iso() }])) as Doc;
    this.#deps.trace.note(instanceId, { kind: 'rerun', step });
    return this.#continue(replaced, step, ignored);
  }

  /** The rest of `Workflow.continue()`: the step's visit count restarts, the step is enqueued. */
  async #continue(doc: Doc, step: string, ignored: string[]): Promise<ControlResult> {
    const instanceId = String(doc._id);
    const name = String(doc.workflowName ?? '');
    const topic = this.#topic(name, step);
    const stepCount = { ...((doc.stepCount as Doc | undefined) ?? {}), [step]: { visits: 0, startTime: this.#iso() } };
    const state = (await this.#deps.backend.call('updateOne', [WORKFLOW_COLLECTION, instanceId, { $set: { stepCount } }])) as Doc;
    const cfg = this.#deps.manifest()?.workers[topic] ?? {};
    await this.#deps.backend.call('enqueue', [topic, { stepsName: name, goto: step, state, options: {}, instanceId }, { ...cfg }]);
    return { instanceId, workflowName: name, step, topic, state: userState(state), ignored };
  }

  /** The topic of a workflow's step, from the serving app's manifest. */
  #topic(name: string, step: string): string {
    const workers = Object.keys(this.#deps.manifest()?.workers ?? {});
    const topic = `${QUEUE_PREFIX}${name}_${step}`;
    if (workers.includes(topic)) return topic;
    const steps = workers.filter((t) => t.startsWith(`${QUEUE_PREFIX}${name}_`)).map((t) => t.slice(QUEUE_PREFIX.length + name.length + 1));
    throw new WorkflowError('LH_WF_UNKNOWN_STEP', `workflow "${name}" has no step "${step}" in the app now serving (steps: ${steps.join(', ') || 'none'})`);
  }

  #iso(): string {
    return new Date(this.#deps.clock.now()).toISOString();
  }

  async #key(): Promise<Buffer> {
    if (this.#secret) return this.#secret;
    const stored = await this.#deps.store.get(SECRET_KEY);
    if (stored) return (this.#secret = Buffer.from(stored, 'hex'));
    const fresh = randomBytes(32);
    await this.#deps.store.put(SECRET_KEY, fresh.toString('hex'));
    return (this.#secret = fresh);
  }
}

/** A posted state must be a JSON object; the engine's own fields in it are left out and named. */
function splitState(v: unknown): { state: Doc; ignored: string[] } {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new WorkflowError('LH_WF_BAD_STATE', `the state must be a JSON object, got ${v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v}`);
  const state: Doc = {};
  const ignored: string[] = [];
  for (const [k, x] of Object.entries(v)) {
    if (SYSTEM_FIELDS.has(k)) ignored.push(k);
    else state[k] = x;
  }
  return { state, ignored };
}

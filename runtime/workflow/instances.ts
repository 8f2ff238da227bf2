import type { WorkflowInstanceDoc } from './report.js';

/**
 * Where one workflow instance stands, from its `workflowdata` document and the queue items of its steps:
 * `running` (a step is queued or running), `waiting` (parked in a step, e.g. in `wait()`), `failed` (a step's
 * item is a dead letter, or the engine recorded `lastError` and nothing runs), `cancelled`, `done`.
 */
export type InstanceState = 'running' | 'waiting' | 'failed' | 'cancelled' | 'done';
export const INSTANCE_STATES: readonly InstanceState[] = ['running', 'waiting', 'failed', 'cancelled', 'done'];

/** What the queue says about an instance's steps. */
export interface InstanceWork {
  active: boolean;
  dead: boolean;
}

export function instanceState(doc: WorkflowInstanceDoc, work: InstanceWork): InstanceState {
  if (doc.status === 'cancelled') return 'cancelled';
  if (work.active) return 'running';
  if (work.dead) return 'failed';
  if (doc.nextStep === null) return doc.lastError ? 'failed' : 'done';
  return doc.lastError ? 'failed' : 'waiting';
}

export interface StepVisit {
  step: string;
  visits: number;
  startTime: string | null;
  finishTime: string | null;
  totalTime: number | null;
}

/** The steps an instance went through, in the order they first started (the engine's `stepCount`). */
export function stepHistory(doc: WorkflowInstanceDoc): StepVisit[] {
  const counts = doc.stepCount && typeof doc.stepCount === 'object' ? (doc.stepCount as Record<string, Record<string, unknown>>) : {};
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  return Object.entries(counts)
    .map(([step, c]) => ({ step, visits: num(c?.visits) ?? 0, startTime: str(c?.startTime), finishTime: str(c?.finishTime), totalTime: num(c?.totalTime) }))
    .sort((a, b) => (a.startTime ?? '').localeCompare(b.startTime ?? ''));
}

/** The summary line of an instance in lists. */
export function instanceSummary(doc: WorkflowInstanceDoc, state: InstanceState) {
  const d = doc as Record<string, unknown>;
  return {
    _id: doc._id,
    workflowName: doc.workflowName ?? null,
    state,
    nextStep: doc.nextStep ?? null,
    previousStep: doc.previousStep ?? null,
    createdAt: d.createdAt ?? null,
    updatedAt: d.updatedAt ?? null,
    lastError: doc.lastError ?? null,
  };
}

/** `InstanceWork` of every instance with queue items, from `(instance id, item state)` pairs in one pass. */
export function instanceWork(items: Iterable<{ id: string | undefined; state: string }>): Map<string, InstanceWork> {
  const out = new Map<string, InstanceWork>();
  for (const { id, state } of items) {
    if (id === undefined) continue;
    let w = out.get(id);
    if (!w) out.set(id, (w = { active: false, dead: false }));
    if (state === 'dead') w.dead = true;
    else w.active = true;
  }
  return out;
}

/**
 * One instance's steps as a timeline, derived from the successive versions of its `workflowdata` document
 * (pure: no I/O). The SDK's engine writes the document when a step starts (`nextStep`, `stepCount[step].visits`
 * up by one, the previous step's `finishTime` set), when a step waits (`wait(state)`), when one fails
 * (`lastError`) and when the run completes (`nextStep: null`); each write is one snapshot here.
 */
export interface Snapshot {
  /** Server clock, epoch ms. */
  at: number;
  doc: Record<string, unknown>;
}

export interface TraceNote {
  at: number;
  kind: 'rerun' | 'resume';
  step: string;
}

export type StepOutcome = 'running' | 'waiting' | 'done' | 'failed' | 'left';

export interface TimelineStep {
  step: string;
  startedAt: string | null;
  finishedAt: string | null;
  ms: number | null;
  /** Starts of this step in a row (a step the queue delivered again after a failure or timeout). */
  attempts: number;
  outcome: StepOutcome;
  /** Where the run went next (null once the workflow completed). */
  next: string | null;
  /** The app's state as the step received it, and as it left it (system fields removed). */
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  error: unknown;
}

/** Fields the engine manages; the rest is the app's state. */
export const SYSTEM_FIELDS = new Set(['_id', 'nextStep', 'previousStep', 'stepCount', 'createdAt', 'updatedAt', 'workflowName', 'instanceId', 'parallelSteps', 'totalTime', 'lastError', 'status']);

export function userState(doc: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(doc)) if (!SYSTEM_FIELDS.has(k)) out[k] = doc[k];
  return out;
}

type Counts = Record<string, { visits?: unknown; startTime?: unknown; finishTime?: unknown; totalTime?: unknown } | undefined>;
const counts = (doc: Record<string, unknown>): Counts => (doc.stepCount && typeof doc.stepCount === 'object' ? (doc.stepCount as Counts) : {});
const visits = (doc: Record<string, unknown> | null, step: string): number => {
  const v = doc ? counts(doc)[step]?.visits : undefined;
  return typeof v === 'number' ? v : 0;
};
const str = (v: unknown) => (typeof v === 'string' ? v : null);

export function buildTimeline(snapshots: readonly Snapshot[]): TimelineStep[] {
  const out: TimelineStep[] = [];
  let open: TimelineStep | null = null;
  let prev: Record<string, unknown> | null = null;
  for (const { doc } of snapshots) {
    const next = doc.nextStep;
    const c = counts(doc);
    if (open && open.outcome !== 'done' && open.outcome !== 'failed') {
      const fin = str(c[open.step]?.finishTime);
      if (next === null) close(open, doc, 'done', null);
      else if (fin && fin !== open.finishedAt && typeof next === 'string' && (next !== open.step || visits(doc, next) > visits(prev, next))) close(open, doc, 'done', next);
    }
    if (doc.lastError !== undefined && doc.lastError !== null && open && open.outcome !== 'done') {
      open.outcome = 'failed';
      open.error = doc.lastError;
    }
    if (typeof next === 'string' && visits(doc, next) > visits(prev, next)) {
      if (open && open.step === next && open.outcome === 'running') open.attempts++;
      else {
        if (open && (open.outcome === 'running' || open.outcome === 'waiting')) open.outcome = 'left';
        open = { step: next, startedAt: str(c[next]?.startTime), finishedAt: null, ms: null, attempts: 1, outcome: 'running', next: null, before: userState(doc), after: null, error: null };
        out.push(open);
      }
    } else if (open && (open.outcome === 'running' || open.outcome === 'waiting') && prev && next === prev.nextStep && doc.lastError == null) {
      // The same step wrote state without moving on: `wait(state)`, or the app's updateState while it waits.
      open.outcome = 'waiting';
      open.after = userState(doc);
    }
    prev = doc;
  }
  return out;
}

function close(step: TimelineStep, doc: Record<string, unknown>, outcome: StepOutcome, next: string | null): void {
  const c = counts(doc)[step.step];
  step.outcome = outcome;
  step.next = next;
  step.finishedAt = str(c?.finishTime);
  step.ms = typeof c?.totalTime === 'number' ? c.totalTime : null;
  step.after = userState(doc);
}

/** Without snapshots (an instance that ran before this server started): the steps its `stepCount` records. */
export function timelineFromCounts(doc: Record<string, unknown>): TimelineStep[] {
  return Object.entries(counts(doc))
    .map(([step, c]) => ({
      step,
      startedAt: str(c?.startTime),
      finishedAt: str(c?.finishTime),
      ms: typeof c?.totalTime === 'number' ? c.totalTime : null,
      attempts: typeof c?.visits === 'number' ? c.visits : 1,
      outcome: (str(c?.finishTime) ? 'done' : doc.lastError ? 'failed' : doc.nextStep === step ? 'waiting' : 'running') as StepOutcome,
      next: null,
      before: null,
      after: null,
      error: doc.nextStep === step ? (doc.lastError ?? null) : null,
    }))
    .sort((a, b) => (a.startedAt ?? '').localeCompare(b.startedAt ?? ''));
}

/**
 * The `workflow-status` report, computed from `workflowdata` documents (pure: no I/O).
 *
 * Per workflow name: total instances, the step structure (an order merged from every instance's visit order,
 * i.e. the insertion order of its `stepCount` keys, then `previousStep`/`nextStep`), and where each instance is
 * now: `nextStep` while it runs or waits, the last step (`previousStep`) once it completed (`nextStep: null`).
 */
export interface WorkflowInstanceDoc {
  _id?: unknown;
  workflowName?: unknown;
  nextStep?: unknown;
  previousStep?: unknown;
  stepCount?: unknown;
  status?: unknown;
  lastError?: unknown;
  createdAt?: unknown;
}

export interface WorkflowReport {
  workflowName: string;
  totalInstances: number;
  uniqueSteps: number;
  /** Step names in execution order. */
  steps: string[];
  /** Instances per current step (completed instances count under their last step); every step listed, zeros too. */
  distribution: Record<string, number>;
  completed: number;
  active: number;
  cancelled: number;
  withErrors: number;
}

export interface WorkflowStatusReport {
  totalInstances: number;
  workflows: WorkflowReport[];
}

const UNNAMED = '(unnamed)';

export function buildWorkflowReport(instances: readonly WorkflowInstanceDoc[], options: { activeOnly?: boolean } = {}): WorkflowStatusReport {
  const ordered = [...instances]
    .filter((doc) => !options.activeOnly || isActive(doc))
    .sort((a, b) => String(a.createdAt ?? '').localeCompare(String(b.createdAt ?? '')) || String(a._id ?? '').localeCompare(String(b._id ?? '')));
  const groups = new Map<string, WorkflowInstanceDoc[]>();
  for (const doc of ordered) {
    const name = typeof doc.workflowName === 'string' && doc.workflowName !== '' ? doc.workflowName : UNNAMED;
    let list = groups.get(name);
    if (!list) groups.set(name, (list = []));
    list.push(doc);
  }
  const workflows = [...groups].map(([name, docs]) => reportFor(name, docs));
  workflows.sort((a, b) => a.workflowName.localeCompare(b.workflowName));
  return { totalInstances: ordered.length, workflows };
}

function reportFor(workflowName: string, docs: WorkflowInstanceDoc[]): WorkflowReport {
  const steps = mergeOrder(docs.map(visitOrder));
  const distribution: Record<string, number> = Object.fromEntries(steps.map((s) => [s, 0]));
  let completed = 0;
  let cancelled = 0;
  let withErrors = 0;
  for (const doc of docs) {
    const at = currentStep(doc);
    if (at !== null) distribution[at] = (distribution[at] ?? 0) + 1;
    if (doc.nextStep === null) completed++;
    if (doc.status === 'cancelled') cancelled++;
    if (doc.lastError !== undefined && doc.lastError !== null) withErrors++;
  }
  return {
    workflowName,
    totalInstances: docs.length,
    uniqueSteps: steps.length,
    steps,
    distribution,
    completed,
    active: docs.filter(isActive).length,
    cancelled,
    withErrors,
  };
}

function isActive(doc: WorkflowInstanceDoc): boolean {
  return doc.nextStep !== null && doc.nextStep !== undefined && doc.status !== 'cancelled';
}

function currentStep(doc: WorkflowInstanceDoc): string | null {
  const step = doc.nextStep ?? doc.previousStep;
  return typeof step === 'string' && step !== '' ? step : null;
}

function visitOrder(doc: WorkflowInstanceDoc): string[] {
  const seq: string[] = [];
  const add = (s: unknown): void => {
    if (typeof s === 'string' && s !== '' && !seq.includes(s)) seq.push(s);
  };
  if (doc.stepCount && typeof doc.stepCount === 'object') for (const key of Object.keys(doc.stepCount)) add(key);
  add(doc.previousStep);
  add(doc.nextStep);
  return seq;
}

/**
 * Merges per-instance visit orders into one: a topological order of "A came right before B" with ties (and
 * cycles from loops) broken by first appearance. A cached run (start → checkCache → finish) and an uncached
 * one (… → callOpenAI → cacheAndStore → store → finish) merge to the full path with `finish` last.
 */
function mergeOrder(sequences: string[][]): string[] {
  const firstSeen = new Map<string, number>();
  const after = new Map<string, Set<string>>();
  const indegree = new Map<string, number>();
  for (const seq of sequences) {
    for (const s of seq) {
      if (!firstSeen.has(s)) {
        firstSeen.set(s, firstSeen.size);
        after.set(s, new Set());
        indegree.set(s, 0);
      }
    }
    for (let i = 1; i < seq.length; i++) {
      const edges = after.get(seq[i - 1]!)!;
      if (!edges.has(seq[i]!)) {
        edges.add(seq[i]!);
        indegree.set(seq[i]!, indegree.get(seq[i]!)! + 1);
      }
    }
  }
  const out: string[] = [];
  const left = new Set(firstSeen.keys());
  while (left.size > 0) {
    const candidates = [...left].filter((s) => indegree.get(s) === 0);
    const pool = candidates.length > 0 ? candidates : [...left];
    const next = pool.reduce((a, b) => (firstSeen.get(a)! <= firstSeen.get(b)! ? a : b));
    left.delete(next);
    out.push(next);
    for (const s of after.get(next)!) indegree.set(s, indegree.get(s)! - 1);
  }
  return out;
}

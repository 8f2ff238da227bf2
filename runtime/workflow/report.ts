/**
 * The `workflow-status` report, computed from `workflowdata` documents (pure: no I/O).
 *
 * Per workflow name: total instances, the step structure (an order merged from every instance's visit order,
 * i.e. the insertion order of its `stepCount` keys, then `previousStep`/`nextStep`), and where each instance is
 * now: `nextStep` while it runs or waits, the last step (`previousStep`) once it completed (`nextStep: null`).
 */
import { summarizeInstance, type InstanceShape, type InstanceSummary } from './summary.js';

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
  const builder = new WorkflowReportBuilder(options);
  for (const doc of instances) builder.add(summarizeInstance(doc));
  return builder.build();
}

interface Group {
  total: number;
  completed: number;
  active: number;
  cancelled: number;
  withErrors: number;
  at: Map<string, number>;
  /** Each distinct visit order once, with the first instance (by createdAt, then _id) that had it. */
  orders: Map<string, { seq: string[]; c: string; id: string }>;
}

/**
 * The report aggregated one instance at a time, so a status over 100k instances holds counts and the distinct
 * visit orders, not the instances. Same result as sorting every instance by (createdAt, _id) first: the step
 * order merge only depends on where each distinct visit order first appears in that order.
 */
export class WorkflowReportBuilder {
  readonly #activeOnly: boolean;
  readonly #groups = new Map<string, Group>();
  /** Shapes are shared objects (see workflowSummaries): their group and order key are worked out once. */
  readonly #byShape = new WeakMap<InstanceShape, Group>();
  readonly #orderKeys = new WeakMap<InstanceShape, string>();
  #total = 0;

  constructor(options: { activeOnly?: boolean } = {}) {
    this.#activeOnly = options.activeOnly ?? false;
  }

  add(s: InstanceSummary): void {
    const sh = s.shape;
    if (this.#activeOnly && !isActive(sh)) return;
    this.#total++;
    let g = this.#byShape.get(sh);
    if (!g) this.#byShape.set(sh, (g = this.#group(sh.w !== undefined && sh.w !== '' ? sh.w : UNNAMED)));
    const step = typeof sh.n === 'string' ? sh.n : sh.n === undefined || sh.n === null ? (sh.p ?? null) : null;
    if (step !== null && step !== '') g.at.set(step, (g.at.get(step) ?? 0) + 1);
    g.total++;
    if (sh.n === null) g.completed++;
    if (sh.x) g.cancelled++;
    if (sh.e !== undefined) g.withErrors++;
    if (isActive(sh)) g.active++;
    let key = this.#orderKeys.get(sh);
    if (key === undefined) this.#orderKeys.set(sh, (key = sh.o.join('\n')));
    const seen = g.orders.get(key);
    if (!seen || before(s.c, s._id, seen.c, seen.id)) g.orders.set(key, { seq: sh.o, c: s.c, id: s._id });
  }

  #group(name: string): Group {
    let g = this.#groups.get(name);
    if (!g) this.#groups.set(name, (g = { total: 0, completed: 0, active: 0, cancelled: 0, withErrors: 0, at: new Map(), orders: new Map() }));
    return g;
  }

  build(): WorkflowStatusReport {
    const workflows = [...this.#groups].map(([name, g]) => reportFor(name, g));
    workflows.sort((a, b) => a.workflowName.localeCompare(b.workflowName));
    return { totalInstances: this.#total, workflows };
  }
}

/** `localeCompare` as one collator: the same order, without a lookup per call (100k calls per report). */
const COLLATOR = new Intl.Collator();

function before(c: string, id: string, c2: string, id2: string): boolean {
  return (COLLATOR.compare(c, c2) || COLLATOR.compare(id, id2)) < 0;
}

function reportFor(workflowName: string, g: Group): WorkflowReport {
  const firsts = [...g.orders.values()].sort((a, b) => COLLATOR.compare(a.c, b.c) || COLLATOR.compare(a.id, b.id));
  const steps = mergeOrder(firsts.map((f) => f.seq));
  const distribution: Record<string, number> = Object.fromEntries(steps.map((s) => [s, 0]));
  for (const [step, n] of g.at) distribution[step] = (distribution[step] ?? 0) + n;
  return {
    workflowName,
    totalInstances: g.total,
    uniqueSteps: steps.length,
    steps,
    distribution,
    completed: g.completed,
    active: g.active,
    cancelled: g.cancelled,
    withErrors: g.withErrors,
  };
}

function isActive(s: InstanceShape): boolean {
  return s.n !== null && s.n !== undefined && !s.x;
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

import type { CallMethod } from '../../sdk/contract/calls.js';
import { buildTimeline, timelineFromCounts, type Snapshot, type TimelineStep, type TraceNote } from './timeline.js';

/** The SDK's engine keeps its instances in this collection. */
export const WORKFLOW_COLLECTION = 'workflowdata';
/** Instances traced; the oldest trace is dropped past it (its instance keeps its `stepCount` timeline). */
const MAX_INSTANCES = 5000;
/** Snapshots per instance: a loop that runs a step thousands of times keeps its latest ones. */
const MAX_SNAPSHOTS = 500;

const WRITES = new Set<CallMethod>(['insertOne', 'updateOne', 'replaceOne']);

/**
 * Every version of every `workflowdata` document written since the server started (in memory), so the dashboard
 * can show the state before and after each step. Fed by the services' call observer.
 */
export class WorkflowTrace {
  #byId = new Map<string, { snapshots: Snapshot[]; notes: TraceNote[] }>();
  #now: () => number;
  #listeners = new Set<(doc: Record<string, unknown>) => void>();

  constructor(now: () => number) {
    this.#now = now;
  }

  observe(method: CallMethod, args: readonly unknown[], result: unknown): void {
    if (args[0] !== WORKFLOW_COLLECTION || !WRITES.has(method)) return;
    for (const doc of Array.isArray(result) ? result : [result]) {
      if (!doc || typeof doc !== 'object' || typeof (doc as { _id?: unknown })._id !== 'string') continue;
      this.add(doc as Record<string, unknown>);
    }
  }

  add(doc: Record<string, unknown>): void {
    const id = doc._id as string;
    let t = this.#byId.get(id);
    if (!t) {
      t = { snapshots: [], notes: [] };
      this.#byId.set(id, t);
      if (this.#byId.size > MAX_INSTANCES) this.#byId.delete(this.#byId.keys().next().value!);
    }
    t.snapshots.push({ at: this.#now(), doc });
    if (t.snapshots.length > MAX_SNAPSHOTS) t.snapshots.shift();
    for (const l of this.#listeners) l(doc);
  }

  note(id: string, note: Omit<TraceNote, 'at'>): void {
    this.#byId.get(id)?.notes.push({ ...note, at: this.#now() });
  }

  /** Called with each new version of an instance (the dashboard's live feed). */
  onChange(fn: (doc: Record<string, unknown>) => void): void {
    this.#listeners.add(fn);
  }

  timeline(doc: Record<string, unknown>): { steps: TimelineStep[]; notes: TraceNote[]; traced: boolean } {
    const t = this.#byId.get(String(doc._id));
    if (!t || t.snapshots.length === 0) return { steps: timelineFromCounts(doc), notes: [], traced: false };
    return { steps: buildTimeline(t.snapshots), notes: t.notes, traced: true };
  }

  /** The app's state as `step` last received it, if this server saw it start. */
  stateBefore(id: string, step: string): Record<string, unknown> | null {
    const t = this.#byId.get(id);
    if (!t) return null;
    const steps = buildTimeline(t.snapshots).filter((s) => s.step === step);
    return steps.at(-1)?.before ?? null;
  }
}

import type { Summarizer } from '../datastore/index.js';
import type { WorkflowInstanceDoc } from './report.js';
import { WORKFLOW_COLLECTION } from './trace.js';

/**
 * What the status report and the instance list need of one `workflowdata` document, small enough that 100k of
 * them read in a fraction of the time the documents take. The datastore keeps one beside each document,
 * written in the same batch (runtime/datastore/summaries.ts).
 */
export interface InstanceSummary {
  _id: string;
  /** `String(createdAt ?? '')`: the report orders instances by it. */
  c: string;
  /** Shared by every instance that stands at the same place (parsed once per distinct shape). */
  shape: InstanceShape;
}

export interface InstanceShape {
  /** `workflowName`, when it is a string. */
  w?: string;
  /** `nextStep`: a string, null once completed, 1 for any other value; absent when the field is. */
  n?: string | null | 1;
  /** `previousStep`, when it is a string. */
  p?: string;
  /** The steps in the order the instance first visited them (its `stepCount` keys, then previous/next). */
  o: string[];
  /** 1 when `status` is `cancelled`. */
  x?: 1;
  /** `lastError` when set (not null/undefined): 1 when truthy, 0 when not. */
  e?: 0 | 1;
}

export function summarizeInstance(doc: WorkflowInstanceDoc): InstanceSummary {
  const shape: InstanceShape = { o: visitOrder(doc) };
  if (typeof doc.workflowName === 'string') shape.w = doc.workflowName;
  if (doc.nextStep !== undefined) shape.n = typeof doc.nextStep === 'string' || doc.nextStep === null ? doc.nextStep : 1;
  if (typeof doc.previousStep === 'string') shape.p = doc.previousStep;
  if (doc.status === 'cancelled') shape.x = 1;
  if (doc.lastError !== undefined && doc.lastError !== null) shape.e = doc.lastError ? 1 : 0;
  return { _id: String(doc._id ?? ''), c: String(doc.createdAt ?? ''), shape };
}

/** Bump when the stored form changes: stored summaries are rebuilt at the next open. */
const SUMMARY_VERSION = 'workflow-1';

/** Stored as `<shape JSON>\n<createdAt>`: JSON never holds a raw newline, and equal shapes are equal strings. */
export const WORKFLOW_SUMMARIZER: Summarizer = {
  version: SUMMARY_VERSION,
  summarize: (doc) => {
    const s = summarizeInstance(doc);
    return `${JSON.stringify(s.shape)}\n${s.c}`;
  },
};

/** The datastore option that keeps summaries of workflow instances. */
export const WORKFLOW_SUMMARIES: ReadonlyMap<string, Summarizer> = new Map([[WORKFLOW_COLLECTION, WORKFLOW_SUMMARIZER]]);

/** Distinct shapes remembered while reading one stream; past it, shapes are parsed each time. */
const SHAPE_CACHE = 10_000;

/** Parses the datastore's `[_id, summary]` stream; most instances share a shape, which is parsed once. */
export async function* workflowSummaries(raw: AsyncIterable<[string, string]>): AsyncIterable<InstanceSummary> {
  const shapes = new Map<string, InstanceShape>();
  for await (const [id, value] of raw) {
    const nl = value.indexOf('\n');
    const json = value.slice(0, nl);
    let shape = shapes.get(json);
    if (!shape) {
      shape = JSON.parse(json) as InstanceShape;
      if (shapes.size < SHAPE_CACHE) shapes.set(json, shape);
    }
    yield { _id: id, c: value.slice(nl + 1), shape };
  }
}

/** Summaries of documents in memory, in `_id` order: for callers that hold the documents (tests, small tools). */
export async function* summariesOf(docs: readonly WorkflowInstanceDoc[], reverse = false): AsyncIterable<InstanceSummary> {
  const all = docs.map(summarizeInstance).sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
  if (reverse) all.reverse();
  yield* all;
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

/**
 * A six-step workflow shaped like the seed summarizer (start → checkCache → callOpenAI → cacheAndStore → store
 * → finish, with a cache shortcut to finish) on the real SDK engine; its `workflowdata` gives the seed README's
 * workflow-status report.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { buildWorkflowReport, renderWorkflowReport } from '../../../runtime/workflow/index.js';
import { eachRuntimeTest, startWorkflowRuntime, until, type WorkflowRuntime } from '../../helpers/queue-workflow.js';
import { deferred, type Deferred } from '../../helpers/queue-harness.js';
import { freshPostgres } from '../../helpers/datastore-backends.js';
import { SEED_WORKFLOW_REPORT } from '../../helpers/seed-report.js';

type Doc = Record<string, any>;
type Goto = (next: string | null, state: Doc) => void;

let rt: WorkflowRuntime;
/** Memory and PostgreSQL runtimes on the same workflow; each test runs on both, each runtime keeping its data. */
const runtimes: WorkflowRuntime[] = [];
let summarize: { start(state: Doc): Promise<Doc>; on(e: string, fn: (d: any) => void): void };
const finished = new Map<string, Doc>();
/** Texts whose step should hold until the test releases it. */
const holdAt = new Map<string, { step: string; gate: Deferred }>();

async function hold(step: string, text: string): Promise<void> {
  const h = holdAt.get(text);
  if (h && h.step === step) await h.gate.promise;
}

const cacheKey = (text: string): string => `summary:${createHash('md5').update(text).digest('hex')}`;
const instances = async (): Promise<Doc[]> => (await rt.conn.find('workflowdata', {}).toArray()) as Doc[];

before(async () => {
  rt = await startWorkflowRuntime();
  const { app, Datastore } = rt.sdk as unknown as { app: any; Datastore: { open(): Promise<any> } };
  summarize = app.createWorkflow('summarize', 'Summarize text using OpenAI and store the result', {
    start: async (state: Doc, goto: Goto) => {
      await hold('start', state.text);
      if (!state?.text) return goto(null, { error: 'Missing text input' });
      goto('checkCache', { ...state, steps: ['start'] });
    },
    checkCache: async (state: Doc, goto: Goto) => {
      const db = await Datastore.open();
      const cached = await db.get(cacheKey(state.text));
      const newState = { ...state, steps: [...(state.steps || []), 'checkCache'] };
      if (cached) return goto('finish', { ...newState, summary: cached, cached: true });
      goto('callOpenAI', newState);
    },
    callOpenAI: async (state: Doc, goto: Goto) => {
      await hold('callOpenAI', state.text);
      const newState = { ...state, steps: [...(state.steps || []), 'callOpenAI'] };
      goto('cacheAndStore', { ...newState, summary: `Summary of: ${state.text.slice(0, 20)}` });
    },
    cacheAndStore: async (state: Doc, goto: Goto) => {
      const db = await Datastore.open();
      await db.set(cacheKey(state.text), state.summary, { ttl: 60 * 1000 });
      goto('store', { ...state, steps: [...(state.steps || []), 'cacheAndStore'] });
    },
    store: async (state: Doc, goto: Goto) => {
      const db = await Datastore.open();
      const doc = await db.insertOne('summaries', { text: state.text, summary: state.summary, cached: !!state.cached, createdAt: new Date().toISOString() });
      goto('finish', { ...state, ...doc, steps: [...(state.steps || []), 'store'] });
    },
    finish: async (state: Doc, goto: Goto) => {
      goto(null, { ...state, steps: [...(state.steps || []), 'finish'] });
    },
  });
  summarize.on('completed', (d: Doc) => finished.set(String(d._id), d));
  const manifest = app.init();
  rt.attach(manifest);
  const pgRt = await startWorkflowRuntime({ store: await freshPostgres() });
  pgRt.attach(manifest);
  runtimes.push(rt, pgRt);
  rt.use();
});

after(async () => {
  for (const r of runtimes) await r.close();
});

/** The test on memory and on PostgreSQL (subtests); tests in a file run one at a time. */
const bothTest = (name: string, body: () => Promise<void>) => eachRuntimeTest(name, runtimes, (r) => (rt = r), body);

bothTest('WF-25 summarizer: the seed report (4 instances: 1 at start, 1 at callOpenAI, 2 at finish)', async () => {
  const a = await summarize.start({ text: 'Artificial intelligence is transforming software development.' });
  const b = await summarize.start({ text: 'Large language models can now write code.' });
  await until(async () => finished.has(a._id) && finished.has(b._id), 'two completed runs');
  assert.deepEqual(finished.get(a._id)!.steps, ['start', 'checkCache', 'callOpenAI', 'cacheAndStore', 'store', 'finish']);

  holdAt.set('Production AI needs orchestration.', { step: 'callOpenAI', gate: deferred() });
  holdAt.set('Webhooks trigger workflows.', { step: 'start', gate: deferred() });
  const c = await summarize.start({ text: 'Production AI needs orchestration.' });
  await until(async () => (await rt.conn.findOne('workflowdata', { _id: c._id }))?.nextStep === 'callOpenAI', 'c at callOpenAI');
  const d = await summarize.start({ text: 'Webhooks trigger workflows.' });
  await until(async () => (await rt.conn.findOne('workflowdata', { _id: d._id }))?.stepCount?.start, 'd in start');

  const text = renderWorkflowReport(buildWorkflowReport(await instances()));
  assert.equal(
    text,
    SEED_WORKFLOW_REPORT,
  );

  for (const h of holdAt.values()) h.gate.resolve();
  await until(async () => finished.has(c._id) && finished.has(d._id), 'all four completed');
  const report = buildWorkflowReport(await instances());
  assert.deepEqual(report.workflows[0]!.distribution, { start: 0, checkCache: 0, callOpenAI: 0, cacheAndStore: 0, store: 0, finish: 4 });
});

bothTest('WF-25 summarizer: a cached run goes start → checkCache → finish and the structure keeps its order', async () => {
  const again = await summarize.start({ text: 'Artificial intelligence is transforming software development.' });
  await until(async () => finished.has(again._id), 'cached run');
  assert.deepEqual(finished.get(again._id)!.steps, ['start', 'checkCache', 'finish']);
  assert.equal(finished.get(again._id)!.cached, true);
  const [wf] = buildWorkflowReport(await instances()).workflows;
  assert.deepEqual(wf!.steps, ['start', 'checkCache', 'callOpenAI', 'cacheAndStore', 'store', 'finish']);
  assert.equal(wf!.distribution.finish, 5);
  assert.equal((await rt.conn.find('summaries', {}).toArray()).length, 4, 'the cached run stored no duplicate');
});

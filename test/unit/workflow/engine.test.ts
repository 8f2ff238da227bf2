/**
 * The real codehooks-js workflow engine on localhooks' datastore and queue broker, in-process.
 * The SDK is a singleton per process: every workflow of this file is created once, before the broker attaches.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eachRuntimeTest, startWorkflowRuntime, until, type Manifest, type WorkflowRuntime } from '../../helpers/queue-workflow.js';
import { freshPostgres } from '../../helpers/datastore-backends.js';

type Doc = Record<string, any>;
type Goto = (next: string | string[] | null, state: Doc, options?: unknown) => void;
type Wait = (state?: Doc) => void;
type Step = (state: Doc, goto: Goto, wait: Wait) => unknown;
interface Wf {
  start(state: Doc): Promise<Doc>;
  on(event: string, fn: (data: any) => void): void;
  updateState(id: string, state: Doc, options?: { continue: boolean }): Promise<Doc>;
  cancelWorkflow(id: string): Promise<Doc>;
  getWorkflowStatus(id: string): Promise<Doc | null>;
  getInstances(filter: Doc): Promise<Doc[]>;
  continueAllTimedOut(): Promise<{ instanceId: string }[]>;
}

let rt: WorkflowRuntime;
/** Memory and PostgreSQL runtimes, both attached to the same workflows; `bothTest` runs a test on each. */
const runtimes: WorkflowRuntime[] = [];
let manifest: Manifest;
const wf: Record<string, Wf> = {};
const events: { name: string; event: string; data: any }[] = [];

const doc = (id: string): Promise<Doc | null> => rt.conn.findOne('workflowdata', { _id: id }).catch(() => null);
const completed = (id: string): Promise<Doc> => until(async () => events.find((e) => e.event === 'completed' && e.data._id === id)?.data, `completion of ${id}`);

before(async () => {
  rt = await startWorkflowRuntime();
  const { app } = rt.sdk as unknown as { app: { createWorkflow: (...a: unknown[]) => Wf; init: () => Manifest } };
  const create = (name: string, steps: Record<string, Step>, config?: Doc): Wf => {
    const w = app.createWorkflow(name, `${name} workflow`, steps, config);
    for (const event of ['completed', 'error', 'cancelled', 'workflowContinued', 'stepStarted']) {
      w.on(event, (data) => events.push({ name, event, data }));
    }
    return (wf[name] = w);
  };

  // The docs' simpleTask (value passed in instead of random, so both branches are tested).
  create('simpleTask', {
    begin: async (state, goto) => goto('decide', { message: 'Starting workflow', value: state.value }),
    decide: async (state, goto) => goto(state.value % 2 === 0 ? 'evenPath' : 'oddPath', state),
    evenPath: async (_state, goto) => goto('end', { message: 'Processing even number', path: 'even', processed: true }),
    oddPath: async (_state, goto) => goto('end', { message: 'Processing odd number', path: 'odd', processed: true }),
    end: (state, goto) => goto(null, { final_message: `Workflow completed! Processed ${state.path} number: ${state.value}` }),
  });
  create('looper', { begin: (state, goto) => goto('loop', state), loop: (state, goto) => goto('loop', { ...state, n: (state.n ?? 0) + 1 }) }, { maxStepCount: 3 });
  create('fanout', {
    begin: (state, goto) => goto(['left', 'right'], state),
    left: async (state, goto) => goto('join', { ...state, left: true }),
    right: async (state, goto) => goto('join', { ...state, right: true }),
    join: (state, goto) => goto(null, { ...state, joined: true }),
  });
  // The docs' customerOnboarding: waits until updateState(..., {continue: true}).
  create('customerOnboarding', {
    START: async (state, goto) => goto('waitForValidation', { ...state, status: 'started', validated: false }),
    waitForValidation: async (state, goto, wait) => {
      if (state.validated) goto('complete', { ...state, status: 'email_validated' });
      else wait({ status: 'waiting_for_validation' });
    },
    complete: (state, goto) => goto(null, { ...state, status: 'completed' }),
  });
  create('stuck', { hold: (_state, _goto, wait) => wait({ held: true }) }, { timeout: 1_000, collectionName: 'stuckflows' });

  manifest = app.init();
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

test('WF-01/02 createWorkflow: one worker per step on workflowqueue_<name>_<step> with {workers, timeout} settings', () => {
  const topics = Object.keys(manifest.workerhooks ?? {});
  for (const step of ['begin', 'decide', 'evenPath', 'oddPath', 'end']) assert.ok(topics.includes(`workflowqueue_simpleTask_${step}`), step);
  assert.deepEqual(manifest.settings?.['queue_worker:workflowqueue_simpleTask_begin'], { workers: 1, timeout: 30000 });
});

bothTest('WF-04/06/08/10 simpleTask: branches on even/odd, completes with nextStep null, stepCount and totalTime', async () => {
  const even = await wf.simpleTask!.start({ foo: 'bar', value: 6 });
  const odd = await wf.simpleTask!.start({ foo: 'bar', value: 7 });
  assert.equal(even.nextStep, 'begin');
  assert.equal(even.workflowName, 'simpleTask');
  assert.equal(typeof even._id, 'string');
  const e = await completed(even._id);
  const o = await completed(odd._id);
  assert.equal(e.final_message, 'Workflow completed! Processed even number: 6');
  assert.equal(o.final_message, 'Workflow completed! Processed odd number: 7');
  const stored = (await doc(even._id))!;
  assert.equal(stored.nextStep, null);
  assert.equal(stored.previousStep, 'end');
  assert.equal(stored.foo, 'bar');
  assert.deepEqual(Object.keys(stored.stepCount), ['begin', 'decide', 'evenPath', 'end']);
  assert.equal(stored.stepCount.evenPath.visits, 1);
  assert.equal(typeof stored.stepCount.end.finishTime, 'string');
  assert.equal(typeof stored.totalTime, 'number');
  assert.deepEqual(Object.keys((await doc(odd._id))!.stepCount), ['begin', 'decide', 'oddPath', 'end']);
});

bothTest('WF-09/22/CONTRACT-29 maxStepCount: a loop is stopped with lastError readable as {message, stack}; the error event fires', async () => {
  const inst = await wf.looper!.start({});
  const failed = await until(async () => {
    const d = await doc(inst._id);
    return d?.lastError ? d : undefined;
  }, 'lastError');
  assert.match(failed.lastError.message, /Step loop has been executed 4 times, which is greater than the maximum step count of 3/);
  assert.match(failed.lastError.stack, /Error: Step loop/);
  assert.equal(failed.lastError.name, 'Error', 'an Error set with $set keeps name, message and stack');
  assert.equal(failed.nextStep, 'loop');
  assert.equal(failed.stepCount.loop.visits, 4);
  assert.ok(events.some((e) => e.name === 'looper' && e.event === 'error' && /maximum step count/.test(e.data.message)));
  const status = await wf.looper!.getWorkflowStatus(inst._id);
  assert.equal(status!.lastError.message, failed.lastError.message);
});

bothTest('WF-06/11/27 parallel: two branches join once and the instance completes with parallelSteps reset', async () => {
  const inst = await wf.fanout!.start({ n: 1 });
  const done = await completed(inst._id);
  assert.equal(done.joined, true);
  const stored = (await doc(inst._id))!;
  assert.deepEqual(stored.parallelSteps, {});
  // Each branch $sets the whole stepCount it was handed, so the later branch's copy wins (SDK behaviour,
  // the same on the platform): only one of left/right remains listed.
  assert.equal(stored.stepCount.join.visits, 1);
  assert.equal(Number(stored.stepCount.left?.visits ?? 0) + Number(stored.stepCount.right?.visits ?? 0), 1);
  const started = events.filter((e) => e.event === 'stepStarted' && e.data.instanceId === inst._id).map((e) => e.data.step);
  assert.deepEqual(started, ['begin', 'left', 'right', 'join']);
  assert.equal(events.filter((e) => e.event === 'completed' && e.data._id === inst._id).length, 1);
});

bothTest('WF-07/12/16 wait() + getInstances + updateState(..., {continue: true}) resumes and completes', async () => {
  const inst = await wf.customerOnboarding!.start({ email: 'jane@example.com' });
  await until(async () => (await doc(inst._id))?.status === 'waiting_for_validation', 'waiting');
  const waiting = await wf.customerOnboarding!.getInstances({ email: 'jane@example.com', validated: false });
  assert.equal(waiting.length, 1);
  assert.equal(waiting[0]!.nextStep, 'waitForValidation');
  const updated = await wf.customerOnboarding!.updateState(inst._id, { validated: true }, { continue: true });
  assert.equal(updated.validated, true);
  const done = await completed(inst._id);
  assert.equal(done.status, 'completed');
  assert.ok(events.some((e) => e.event === 'workflowContinued' && e.data.instanceId === inst._id));
});

bothTest('WF-15/17 getWorkflowStatus and cancelWorkflow (status cancelled, cancelled event)', async () => {
  const inst = await wf.customerOnboarding!.start({ email: 'cancel@example.com' });
  await until(async () => (await doc(inst._id))?.status === 'waiting_for_validation', 'waiting');
  const cancelled = await wf.customerOnboarding!.cancelWorkflow(inst._id);
  assert.equal(cancelled.status, 'cancelled');
  assert.ok(events.some((e) => e.event === 'cancelled' && e.data.id === inst._id));
  const status = await wf.customerOnboarding!.getWorkflowStatus(inst._id);
  assert.equal(status!.status, 'cancelled');
  assert.equal(status!.nextStep, 'waitForValidation');
});

bothTest('WF-18/AMB 37 continueAllTimedOut: instances older than the timeout (from createdAt), waiting ones too, are continued with their step counts reset', async () => {
  const inst = await wf.stuck!.start({});
  await until(async () => (await rt.conn.findOne('stuckflows', { _id: inst._id }))?.held === true, 'held');
  const fresh = await wf.stuck!.continueAllTimedOut();
  assert.deepEqual(fresh, [], 'not yet older than the 1 s timeout');
  await rt.conn.updateOne('stuckflows', { _id: inst._id }, { $set: { createdAt: new Date(Date.now() - 60_000).toISOString() } });
  const result = await wf.stuck!.continueAllTimedOut();
  assert.deepEqual(result, [{ instanceId: inst._id }]);
  await until(async () => events.filter((e) => e.name === 'stuck' && e.event === 'stepStarted' && e.data.instanceId === inst._id).length === 2, 'step re-run');
  const after = await until(async () => {
    const d = await rt.conn.findOne('stuckflows', { _id: inst._id });
    return d?.stepCount?.hold?.visits === 1 && d?.updatedAt ? d : undefined;
  }, 'visits reset to 1');
  assert.equal(after.nextStep, 'hold');
});

bothTest('workflow steps leave no queue items behind', async () => {
  await until(async () => rt.broker.status().every((t) => t.waiting === 0 && t.leased === 0 && t.failed === 0), 'idle queues');
  assert.ok(rt.broker.status().every((t) => t.dead === 0));
});

/**
 * The rest of the codehooks-js workflow API on localhooks' datastore and queue broker, in-process: the Workflow
 * class used directly, its configuration helpers, events, setState, continue and the timeout helpers.
 * The SDK is a singleton per process: every workflow of this file is registered before the broker attaches.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startWorkflowRuntime, until, type Manifest, type WorkflowRuntime } from '../../helpers/queue-workflow.js';

type Doc = Record<string, any>;
type Goto = (next: string | string[] | null, state: Doc) => void;
type Wait = (state?: Doc) => void;
type Step = (state: Doc, goto: Goto, wait: Wait) => unknown;
interface Wf {
  start(state: Doc): Promise<Doc>;
  on(event: string, fn: (data: any) => void): Wf;
  once(event: string, fn: (data: any) => void): Wf;
  off(event: string, fn: (data: any) => void): Wf;
  emit(event: string, data: unknown): boolean;
  register(app: unknown): Promise<string>;
  configure(cfg: Doc): void;
  getCollectionName(): string;
  setCollectionName(name: string): void;
  getQueuePrefix(): string;
  getTimeout(): number;
  getMaxStepCount(): number;
  getStepsConfig(): Doc;
  getDefinition(wf: string, step: string): Step;
  updateState(id: string, state: Doc, options?: { continue: boolean }): Promise<Doc>;
  setState(id: string, arg: { _id: string; state: Doc }): Promise<void>;
  continue(id: string, reset?: boolean): Promise<{ instanceId: string }>;
  cancelWorkflow(id: string): Promise<Doc>;
  findTimedOutSteps(filter?: Doc): Promise<Doc[]>;
  isStepTimedOut(instance: Doc): Doc;
}
type WorkflowClass = new (name: string, description: string, steps: Record<string, Step>, options?: Doc) => Wf;

const EVENTS = ['stepWaiting', 'workflowCreated', 'workflowStarted', 'stepStarted', 'stateUpdated', 'stepEnqueued', 'workflowContinued', 'completed', 'cancelled', 'error', 'stepsStateUpdating'];

let rt: WorkflowRuntime;
let manifest: Manifest;
const wf: Record<string, Wf> = {};
const events: { name: string; event: string; data: any }[] = [];
const seenByStep: Doc[] = [];
let hangRuns = 0;
let lateGoto: (() => void) | undefined;

const doc = (id: string, coll = 'workflowdata'): Promise<Doc | null> => rt.conn.findOne(coll, { _id: id }).catch(() => null);
const eventsOf = (id: string) => events.filter((e) => (e.data?.instanceId ?? e.data?._id ?? e.data?.id) === id).map((e) => e.event);

before(async () => {
  rt = await startWorkflowRuntime();
  const { app, Workflow } = rt.sdk as unknown as { app: { init: () => Manifest; createWorkflow: (...a: unknown[]) => Wf }; Workflow: WorkflowClass };
  const make = (name: string, steps: Record<string, Step>, options?: Doc): Wf => {
    const w = new Workflow(name, `${name} workflow`, steps, options);
    for (const event of EVENTS) w.on(event, (data) => events.push({ name, event, data }));
    void w.register(app);
    return (wf[name] = w);
  };
  // `second` sorts before `first`: the start step is the first key, not the first name.
  make('probe', {
    first: (state, goto, wait) => {
      seenByStep.push({ ...state, waitType: typeof wait });
      goto('second', { ...state, fromFirst: true });
    },
    second: (state, goto) => goto(null, { ...state, fromSecond: true }),
  });
  make('holder', {
    intro: (state, goto) => goto('hold', state),
    hold: (state, goto, wait) => (state.go ? goto(null, state) : wait({ held: true })),
  });
  make('configured', { a: (state, goto) => goto(null, { ...state, done: true }) }, {
    collectionName: 'altflows',
    queuePrefix: 'altq',
    timeout: 5_000,
    maxStepCount: 7,
    steps: { a: { workers: 2 } },
  });
  // The first run never answers; the queue's lease (the step's timeout) gives it to a second run.
  make('hangs', {
    hang: (state, goto) => {
      hangRuns++;
      if (hangRuns === 1) lateGoto = () => goto(null, { ...state, late: true });
      else goto(null, { ...state, retried: true });
    },
  }, { steps: { hang: { timeout: 1_000, maxRetries: 0 } } });
  make('failing', { boom: () => Promise.reject(new Error('step blew up')) });
  // createWorkflow registers inside the call: listeners added afterwards miss workflowCreated.
  const late = (wf.viaCreate = app.createWorkflow('viaCreate', 'viaCreate workflow', { only: (state: Doc, goto: Goto) => goto(null, state) }));
  for (const event of EVENTS) late.on(event, (data) => events.push({ name: 'viaCreate', event, data }));
  manifest = app.init();
  rt.attach(manifest);
});

after(() => rt?.close());

test('WF-28/WF-20 the exported Workflow class registers by itself; workflowCreated fires at register', () => {
  for (const name of ['probe', 'holder', 'configured']) {
    assert.ok(events.some((e) => e.name === name && e.event === 'workflowCreated' && e.data.name === name && e.data.description === `${name} workflow`));
  }
  assert.ok(manifest.workerhooks?.['workflowqueue_probe_first']);
});

test('WF-03/WF-05 the first key is the start step; a step gets (state, goto, wait) with user and system fields and instanceId = _id', async () => {
  const inst = await wf.probe!.start({ user: 'ann' });
  assert.equal(inst.nextStep, 'first');
  await until(async () => (await doc(inst._id))?.nextStep === null, 'completion');
  const seen = seenByStep.find((s) => s._id === inst._id)!;
  assert.equal(seen.instanceId, inst._id);
  assert.equal(seen.user, 'ann');
  assert.equal(seen.workflowName, 'probe');
  assert.equal(seen.nextStep, 'first');
  assert.equal(typeof seen.createdAt, 'string');
  assert.equal(seen.stepCount.first.visits, 1);
  assert.equal(seen.waitType, 'function');
});

test('WF-23/WF-20 a completed instance document and the events of its run', async () => {
  const inst = await wf.probe!.start({ user: 'bob' });
  const done = await until(async () => {
    const d = await doc(inst._id);
    return d?.nextStep === null ? d : undefined;
  }, 'completion');
  for (const f of ['_id', 'nextStep', 'createdAt', 'updatedAt', 'workflowName', 'previousStep', 'stepCount', 'totalTime']) assert.ok(f in done, f);
  assert.equal(done.previousStep, 'second');
  assert.equal(typeof done.totalTime, 'number');
  assert.deepEqual(Object.keys(done.stepCount), ['first', 'second']);
  assert.deepEqual([done.user, done.fromFirst, done.fromSecond], ['bob', true, true]);
  await until(async () => eventsOf(inst._id).includes('completed'), 'completed event');
  assert.deepEqual(eventsOf(inst._id), ['stepStarted', 'stateUpdated', 'stepEnqueued', 'stepStarted', 'stateUpdated', 'completed']);
  const started = events.find((e) => e.event === 'workflowStarted' && e.data.initialState?.user === 'bob')!;
  assert.equal(started.data.name, 'probe');
});

test('WF-20 on/once/off/emit: once fires one time, off removes a listener', () => {
  const got: string[] = [];
  const always = (d: string) => got.push(`on:${d}`);
  wf.probe!.on('custom', always).once('custom', (d: string) => got.push(`once:${d}`));
  wf.probe!.emit('custom', 'a');
  wf.probe!.emit('custom', 'b');
  wf.probe!.off('custom', always);
  wf.probe!.emit('custom', 'c');
  assert.deepEqual(got, ['on:a', 'once:a', 'on:b']);
});

test('WF-14 continue: rejects for a missing or completed instance; re-runs the waiting step with its visits zeroed, resolves {instanceId}', async () => {
  // The datastore's findOne rejects a missing document (DB-06) before the SDK's own check would.
  await assert.rejects(wf.holder!.continue('ffffffffffffffffffffffff'), /not found|No steps found/);
  const finished = await wf.probe!.start({});
  await until(async () => (await doc(finished._id))?.nextStep === null, 'completion');
  await assert.rejects(wf.probe!.continue(finished._id), /already completed/);

  const inst = await wf.holder!.start({});
  await until(async () => (await doc(inst._id))?.held === true, 'held');
  assert.deepEqual(await wf.holder!.continue(inst._id), { instanceId: inst._id });
  await until(async () => events.filter((e) => e.event === 'stepStarted' && e.data.instanceId === inst._id && e.data.step === 'hold').length === 2, 'hold again');
  const again = await until(async () => {
    const d = await doc(inst._id);
    return d?.stepCount?.hold?.visits === 1 && d?.updatedAt ? d : undefined;
  }, 'visits zeroed, then one visit');
  assert.equal(again.stepCount.intro.visits, 1, 'without reset only the current step is zeroed');
  assert.ok(events.some((e) => e.event === 'workflowContinued' && e.data.instanceId === inst._id && e.data.step === 'hold'));

  await wf.holder!.continue(inst._id, true);
  const reset = await until(async () => {
    const d = await doc(inst._id);
    return d?.stepCount?.intro?.visits === 0 && d.stepCount.hold.visits === 1 ? d : undefined;
  }, 'every step zeroed by reset');
  assert.equal(reset.nextStep, 'hold');
  await wf.holder!.updateState(inst._id, { go: true }, { continue: true });
  await until(async () => (await doc(inst._id))?.nextStep === null, 'completion after go');
  assert.ok(events.some((e) => e.event === 'stepsStateUpdating' && e.data.instanceId === inst._id));
});

test('WF-13 setState(id, {_id, state}) replaces the instance document, keeping its _id', async () => {
  const inst = await wf.holder!.start({ keep: 'no' });
  await until(async () => (await doc(inst._id))?.held === true, 'held');
  await wf.holder!.setState(inst._id, { _id: inst._id, state: { replaced: true, nextStep: 'hold' } });
  assert.deepEqual(await doc(inst._id), { _id: inst._id, replaced: true, nextStep: 'hold' });
  await wf.holder!.cancelWorkflow(inst._id);
  assert.ok(events.some((e) => e.event === 'cancelled' && e.data.id === inst._id));
});

test('WF-19 findTimedOutSteps (filter ignored) and isStepTimedOut report a step running past its timeout', async () => {
  const inst = await wf.holder!.start({ slow: true });
  await until(async () => (await doc(inst._id))?.held === true, 'held');
  assert.equal(wf.holder!.isStepTimedOut((await doc(inst._id))!).isTimedOut, false);
  const startTime = new Date(Date.now() - 60_000).toISOString();
  await rt.conn.updateOne('workflowdata', { _id: inst._id }, { $set: { 'stepCount.hold.startTime': startTime } });
  const found = (await wf.holder!.findTimedOutSteps({ workflowName: 'not this one' })).filter((t) => t.workflowId === inst._id);
  assert.equal(found.length, 1);
  const [t] = found;
  assert.deepEqual({ ...t, runningTime: undefined, currentTime: undefined }, {
    workflowId: inst._id,
    workflowName: 'holder',
    isTimedOut: true,
    runningTime: undefined,
    timeout: 30_000,
    step: 'hold',
    startTime,
    currentTime: undefined,
    timeoutSource: 'globalTimeout',
  });
  assert.ok(t!.runningTime >= 60_000);
  const sync = wf.holder!.isStepTimedOut((await doc(inst._id))!);
  assert.equal(sync.isTimedOut, true);
  assert.equal(sync.step, 'hold');
  await wf.holder!.cancelWorkflow(inst._id);
});

test('WF-29 configure and the getters; getDefinition; register puts the steps on the configured queue prefix and collection', async () => {
  const w = wf.configured!;
  assert.equal(w.getCollectionName(), 'altflows');
  assert.equal(w.getQueuePrefix(), 'altq');
  assert.equal(w.getTimeout(), 5_000);
  assert.equal(w.getMaxStepCount(), 7);
  assert.deepEqual(w.getStepsConfig(), { a: { workers: 2 } });
  assert.equal(typeof w.getDefinition('configured', 'a'), 'function');
  assert.throws(() => w.getDefinition('configured', 'nope'), /No step function found/);
  assert.ok(manifest.workerhooks?.['altq_configured_a']);
  assert.deepEqual(manifest.settings?.['queue_worker:altq_configured_a'], { workers: 2, timeout: 5_000 });
  const inst = await w.start({});
  const done = await until(async () => {
    const d = await doc(inst._id, 'altflows');
    return d?.nextStep === null ? d : undefined;
  }, 'completion in altflows');
  assert.equal(done.done, true);
  assert.equal(await doc(inst._id), null, 'nothing in workflowdata');
});

test('AMB 31 event payloads as the SDK emits them: completed has the final document, error the raw Error, workflowContinued a name; no stepWaiting', async () => {
  const done = await wf.viaCreate!.start({ x: 1 });
  const completed = await until(async () => events.find((e) => e.event === 'completed' && e.data._id === done._id), 'completed');
  assert.equal(completed.data.nextStep, null);
  assert.equal(completed.data.workflowName, 'viaCreate');
  assert.equal(completed.data.x, 1);
  assert.equal(events.some((e) => e.name === 'viaCreate' && e.event === 'workflowCreated'), false, 'fired before a listener could attach');
  const failing = await wf.failing!.start({});
  const stored = await until(async () => (await doc(failing._id))?.lastError, 'lastError');
  assert.deepEqual([stored.name, stored.message], ['Error', 'step blew up']);
  assert.match(stored.stack, /step blew up/);
  const error = events.find((e) => e.name === 'failing' && e.event === 'error')!;
  assert.ok(error.data instanceof Error);
  const continued = events.find((e) => e.event === 'workflowContinued')!;
  assert.equal(typeof continued.data.name, 'string');
  assert.equal('workflowName' in continued.data, false);
  assert.equal(events.some((e) => e.event === 'stepWaiting'), false);
});

test('AMB 30 steps.<name>.maxRetries is unused; a step that outlives its timeout is run again by the queue', async () => {
  const inst = await wf.hangs!.start({});
  await until(async () => hangRuns === 1, 'the first run');
  // Past the 1 s lease, then past the retry backoff (a timeout counts as a failed attempt, AMB 28).
  await until(async () => {
    if (hangRuns < 2) await rt.clock.advance(500);
    return hangRuns === 2;
  }, 'the second run');
  const done = await until(async () => {
    const d = await doc(inst._id);
    return d?.nextStep === null ? d : undefined;
  }, 'the second run to complete');
  assert.equal(done.retried, true);
  assert.equal(hangRuns, 2, 'maxRetries: 0 did not stop the retry');
  // Let the abandoned first run finish, so nothing is left in flight.
  lateGoto?.();
  await until(async () => (await doc(inst._id))?.late === true, 'the late run to settle');
});

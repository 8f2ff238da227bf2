import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { postJson, startFixture, waitFor, type TestApp } from '../../helpers/app-server.js';

type Doc = Record<string, any>;
let app: TestApp;
before(async () => {
  app = await startFixture('subflow-app');
});
after(() => app?.close());

const instance = async (id: string) => (await app.json<Doc>(`/instances/${id}`)).body;

test('WF-26 sub-workflow: the parent waits, the child calls parent.updateState(..., {continue: true}), both complete', async () => {
  const { body: started } = await app.json<Doc>('/parent', postJson({ input: 'abc' }));
  const done = (await waitFor(async () => {
    const d = await instance(started._id);
    return d.nextStep === null ? d : undefined;
  }, { what: 'the parent to complete' }))!;
  assert.equal(done.status, 'done');
  assert.equal(done.childResult, 'ABC');
  const kid = await instance(done.childId);
  assert.equal(kid.nextStep, null);
  assert.equal(kid.parentId, started._id);
  assert.deepEqual(Object.keys(done.stepCount), ['spawn', 'waitForChild', 'finish']);
  assert.equal(done.stepCount.waitForChild.visits, 1, 'continue zeroed the waiting step, then it ran once more');
});

test('WF-21 listeners added at module load hear the steps the runtime runs in the same app', async () => {
  const { body: started } = await app.json<Doc>('/parent', postJson({ input: 'x' }));
  const heard = (await waitFor(async () => {
    const h = (await app.json<Doc[]>('/heard')).body.filter((e) => e.id === started._id);
    return h.some((e) => e.event === 'completed') ? h : undefined;
  }, { what: 'the completed event' }))!;
  assert.deepEqual(
    heard.filter((e) => e.event === 'stepStarted').map((e) => e.step),
    ['spawn', 'waitForChild', 'waitForChild', 'finish'],
  );
});

test('WF-03 a workflow without a description: the SDK’s rejected registration is logged, the app keeps serving', async () => {
  await waitFor(() => /Workflow name and description must be set/.test(app.logs.text()), { what: 'the registration error in the log' });
  assert.deepEqual((await app.json('/hello')).body, { hello: true });
});

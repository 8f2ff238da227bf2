// Workflow control: each instance's step timeline with the state before and after each step, resume by URL
// (an unguessable token; a POST of JSON continues the run) and rerun from a step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { waitFor, type TestApp } from '../../helpers/app-server.js';
import { admin, startDashboardApp } from './dashboard-app.js';

const run = promisify(execFile);

async function startApproval(app: TestApp): Promise<string> {
  const r = await app.json<{ _id: string }>('/approvals', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"item":"laptop"}' });
  return r.body._id;
}

const timeline = async (app: TestApp, id: string) => (await admin(app, `/workflows/instances/${id}/timeline`)).body;

test('WF-07/12 workflow control: a waiting instance gets a resume URL; a curl POST of JSON to it continues the run', async () => {
  const app = await startDashboardApp();
  try {
    const id = await startApproval(app);
    const waiting = await waitFor(async () => {
      const t = await timeline(app, id);
      return t.resumeUrl ? t : null;
    }, { what: 'the instance to wait' });
    assert.equal(waiting.nextStep, 'waitApproval');
    assert.deepEqual(waiting.steps.map((s: { step: string; outcome: string }) => `${s.step}:${s.outcome}`), ['start:done', 'waitApproval:waiting']);
    assert.deepEqual(waiting.steps[0].before, { item: 'laptop' });
    assert.deepEqual(waiting.steps[0].after, { item: 'laptop', asked: true });
    assert.equal(waiting.steps[1].after.waitingSince, 'now', 'the state wait() stored');
    const url = new URL(waiting.resumeUrl);
    assert.match(url.pathname, new RegExp(`^/\\.localhooks/resume/${id}/[A-Za-z0-9_-]{43}$`), 'a 256-bit token');
    const listed = await admin(app, '/workflows/resume-urls');
    assert.deepEqual(listed.body.waiting.map((w: { instanceId: string; resumeUrl: string; step: string }) => [w.instanceId, w.step, w.resumeUrl]), [[id, 'waitApproval', waiting.resumeUrl]]);

    const wrong = await run('curl', ['-s', '-X', 'POST', waiting.resumeUrl.replace(/.$/, (c: string) => (c === 'A' ? 'B' : 'A')), '-H', 'content-type: application/json', '-d', '{}']);
    assert.equal(JSON.parse(wrong.stdout).code, 'LH_WF_BAD_TOKEN');
    const notObject = await run('curl', ['-s', '-X', 'POST', waiting.resumeUrl, '-H', 'content-type: application/json', '-d', '[1,2]']);
    assert.equal(JSON.parse(notObject.stdout).code, 'LH_WF_BAD_STATE');

    const { stdout } = await run('curl', ['-s', '-X', 'POST', waiting.resumeUrl, '-H', 'content-type: application/json', '-d', '{"approved": true, "by": "ana", "nextStep": "finish"}']);
    const resumed = JSON.parse(stdout);
    assert.equal(resumed.resumed, true);
    assert.equal(resumed.step, 'waitApproval');
    assert.deepEqual(resumed.ignored, ['nextStep'], "the engine's own fields are not taken from the body");
    const done = await waitFor(async () => {
      const t = await timeline(app, id);
      return t.nextStep === null ? t : null;
    }, { what: 'the instance to finish' });
    assert.deepEqual(done.steps.map((s: { step: string; outcome: string }) => `${s.step}:${s.outcome}`), ['start:done', 'waitApproval:left', 'waitApproval:done', 'finish:done']);
    assert.equal(done.state.by, 'ana');
    assert.equal(done.state.done, true);
    assert.equal(done.resumeUrl, null);
    assert.deepEqual(done.notes.map((n: { kind: string; step: string }) => [n.kind, n.step]), [['resume', 'waitApproval']]);
    const again = await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-X', 'POST', waiting.resumeUrl, '-H', 'content-type: application/json', '-d', '{}']);
    assert.equal(again.stdout, '409', 'a completed instance cannot be resumed');
    const form = await run('curl', ['-s', '-X', 'POST', waiting.resumeUrl, '-d', 'approved=true']);
    assert.equal(JSON.parse(form.stdout).code, 'LH_ADMIN_CSRF', 'the admin rules hold: JSON or the client header');
  } finally {
    await app.close();
  }
});

test('workflow control: rerun from a step with an edited state; unknown steps and instances are clear errors', async () => {
  const app = await startDashboardApp();
  try {
    const id = await startApproval(app);
    const t0 = await waitFor(async () => ((await timeline(app, id)).resumeUrl ? timeline(app, id) : null), { what: 'waiting' });
    assert.ok(t0);
    const rerun = await admin(app, `/workflows/instances/${id}/rerun`, { method: 'POST', body: { step: 'start', state: { item: 'phone', approved: true } } });
    assert.equal(rerun.status, 200, JSON.stringify(rerun.body));
    assert.equal(rerun.body.step, 'start');
    assert.equal(rerun.body.topic, 'workflowqueue_approval_start');
    const done = await waitFor(async () => {
      const t = await timeline(app, id);
      return t.nextStep === null ? t : null;
    }, { what: 'the rerun to finish' });
    assert.equal(done.state.item, 'phone');
    assert.equal(done.state.waitingSince, undefined, 'fields the edited state left out are gone');
    assert.equal(done.steps.at(-1).step, 'finish');
    assert.deepEqual(done.notes.map((n: { kind: string }) => n.kind), ['rerun']);
    const unknownStep = await admin(app, `/workflows/instances/${id}/rerun`, { method: 'POST', body: { step: 'review' } });
    assert.equal(unknownStep.status, 400);
    assert.equal(unknownStep.body.code, 'LH_WF_UNKNOWN_STEP');
    assert.match(unknownStep.body.error, /steps: start, waitApproval, finish/);
    const noInstance = await admin(app, '/workflows/instances/nope/rerun', { method: 'POST', body: { step: 'start' } });
    assert.equal(noInstance.status, 404);
    assert.equal(noInstance.body.code, 'LH_WF_NOT_FOUND');
    const badState = await admin(app, `/workflows/instances/${id}/rerun`, { method: 'POST', body: { step: 'start', state: 'x' } });
    assert.equal(badState.body.code, 'LH_WF_BAD_STATE');
  } finally {
    await app.close();
  }
});

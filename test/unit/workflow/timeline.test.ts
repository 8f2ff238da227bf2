import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTimeline, timelineFromCounts, userState, type Snapshot } from '../../../runtime/workflow/timeline.js';

/** Builds the document versions the SDK's engine writes, step by step. */
function run() {
  const snaps: Snapshot[] = [];
  let doc: Record<string, unknown> = { _id: 'w1', workflowName: 'wf', createdAt: 't0', stepCount: {} };
  const counts = () => doc.stepCount as Record<string, Record<string, unknown>>;
  const write = (patch: Record<string, unknown>) => {
    doc = structuredClone({ ...doc, ...patch });
    snaps.push({ at: snaps.length, doc });
  };
  return {
    snaps,
    insert: (state: Record<string, unknown>, first: string) => write({ ...state, nextStep: first }),
    start: (step: string, state: Record<string, unknown>, prev?: { step: string; at: string }) => {
      const c = structuredClone(counts());
      if (prev) c[prev.step] = { ...c[prev.step], finishTime: prev.at, totalTime: 5 };
      c[step] = { visits: ((c[step]?.visits as number) ?? 0) + 1, startTime: `start-${step}-${snaps.length}` };
      write({ ...state, nextStep: step, stepCount: c });
    },
    waitWith: (state: Record<string, unknown>) => write(state),
    fail: (message: string) => write({ lastError: { message } }),
    finish: (last: string, state: Record<string, unknown>) => {
      const c = structuredClone(counts());
      c[last] = { ...c[last], finishTime: 'end', totalTime: 7 };
      write({ ...state, nextStep: null, stepCount: c });
    },
    resetVisits: (step: string) => {
      const c = structuredClone(counts());
      c[step] = { visits: 0, startTime: 'again' };
      write({ stepCount: c });
    },
  };
}

const outline = (snaps: Snapshot[]) => buildTimeline(snaps).map((s) => `${s.step}:${s.outcome}${s.attempts > 1 ? `x${s.attempts}` : ''}`);

test('workflow timeline: steps with the state each received and left, the next step and the durations', () => {
  const r = run();
  r.insert({ text: 'hi' }, 'start');
  r.start('start', { text: 'hi' });
  r.start('check', { text: 'hi', steps: ['start'] }, { step: 'start', at: 'a' });
  r.finish('check', { text: 'hi', steps: ['start', 'check'], cached: true });
  const t = buildTimeline(r.snaps);
  assert.deepEqual(outline(r.snaps), ['start:done', 'check:done']);
  assert.deepEqual(t[0]!.before, { text: 'hi' });
  assert.deepEqual(t[0]!.after, { text: 'hi', steps: ['start'] });
  assert.equal(t[0]!.next, 'check');
  assert.equal(t[0]!.ms, 5);
  assert.equal(t[1]!.next, null);
  assert.deepEqual(t[1]!.after, { text: 'hi', steps: ['start', 'check'], cached: true });
  assert.equal(t[1]!.ms, 7);
});

test('workflow timeline: a step delivered again counts attempts; lastError marks the step failed', () => {
  const r = run();
  r.insert({}, 'start');
  r.start('start', {});
  r.start('call', {}, { step: 'start', at: 'a' });
  r.start('call', {});
  r.fail('upstream 500');
  const t = buildTimeline(r.snaps);
  assert.deepEqual(outline(r.snaps), ['start:done', 'call:failedx2']);
  assert.deepEqual(t[1]!.error, { message: 'upstream 500' });
});

test('workflow timeline: wait(state) is waiting; a resume (visits reset, the step again) is a new entry', () => {
  const r = run();
  r.insert({ item: 'x' }, 'start');
  r.start('start', { item: 'x' });
  r.start('approve', { item: 'x' }, { step: 'start', at: 'a' });
  r.waitWith({ asked: true });
  assert.deepEqual(outline(r.snaps), ['start:done', 'approve:waiting']);
  assert.deepEqual(buildTimeline(r.snaps)[1]!.after, { item: 'x', asked: true });
  r.waitWith({ approved: true });
  r.resetVisits('approve');
  r.start('approve', { item: 'x', asked: true, approved: true });
  r.start('done', { approved: true }, { step: 'approve', at: 'b' });
  r.finish('done', { approved: true, ok: true });
  assert.deepEqual(outline(r.snaps), ['start:done', 'approve:left', 'approve:done', 'done:done']);
});

test('workflow timeline: without snapshots, the steps come from stepCount; userState drops engine fields', () => {
  const doc = { _id: 'a', nextStep: 'b', workflowName: 'w', stepCount: { a: { visits: 1, startTime: '1', finishTime: '2', totalTime: 3 }, b: { visits: 1, startTime: '4' } }, x: 1 };
  assert.deepEqual(
    timelineFromCounts(doc).map((s) => [s.step, s.outcome, s.ms]),
    [['a', 'done', 3], ['b', 'waiting', null]],
  );
  assert.deepEqual(userState({ ...doc, lastError: null, updatedAt: 'u', instanceId: 'a' }), { x: 1 });
});

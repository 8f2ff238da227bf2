import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildWorkflowReport, renderLiveHeader, renderWorkflowReport, type WorkflowInstanceDoc } from '../../../runtime/workflow/index.js';
import { SEED_WORKFLOW_REPORT } from '../../helpers/seed-report.js';

const FULL = ['start', 'checkCache', 'callOpenAI', 'cacheAndStore', 'store', 'finish'];

/** A `workflowdata` document as the SDK engine leaves it after visiting `visited`. */
function instance(id: string, visited: string[], nextStep: string | null, extra: Partial<WorkflowInstanceDoc> = {}): WorkflowInstanceDoc {
  const stepCount = Object.fromEntries(visited.map((s) => [s, { visits: 1, startTime: '2026-01-01T00:00:00.000Z' }]));
  return {
    _id: id,
    workflowName: 'summarize',
    createdAt: `2026-01-01T00:00:0${id}.000Z`,
    stepCount,
    nextStep,
    previousStep: nextStep === null ? visited.at(-1) : visited.at(-2),
    ...extra,
  };
}

/** The seed README's example: 4 instances, 1 at start, 1 at callOpenAI, 2 completed at finish. */
const SEED_INSTANCES = [
  instance('1', FULL, null),
  instance('2', ['start', 'checkCache', 'callOpenAI'], 'callOpenAI'),
  instance('3', FULL, null),
  instance('4', [], 'start'),
];


test('WF-25 workflow-status report: the seed example (4 instances: 1 at start, 1 at callOpenAI, 2 at finish)', () => {
  const report = buildWorkflowReport(SEED_INSTANCES);
  assert.equal(report.totalInstances, 4);
  const [wf] = report.workflows;
  assert.equal(wf!.workflowName, 'summarize');
  assert.equal(wf!.uniqueSteps, 6);
  assert.deepEqual(wf!.steps, FULL);
  assert.deepEqual(wf!.distribution, { start: 1, checkCache: 0, callOpenAI: 1, cacheAndStore: 0, store: 0, finish: 2 });
  assert.equal(wf!.completed, 2);
  assert.equal(wf!.active, 2);
  assert.equal(renderWorkflowReport(report), SEED_WORKFLOW_REPORT);
});

test('WF-25 workflow-status report: cached and uncached paths merge into one step order with finish last', () => {
  const cachedFirst = [instance('1', ['start', 'checkCache', 'finish'], null), instance('2', FULL, null)];
  assert.deepEqual(buildWorkflowReport(cachedFirst).workflows[0]!.steps, FULL);
});

test('WF-25 workflow-status report: grouped per workflowName; --active keeps unfinished instances; errors and cancels counted', () => {
  const docs = [
    ...SEED_INSTANCES,
    { _id: 'x', workflowName: 'other', createdAt: '2026-01-01', stepCount: { a: {} }, nextStep: 'a', lastError: { message: 'boom' } },
    { _id: 'y', workflowName: 'other', createdAt: '2026-01-02', stepCount: { a: {}, b: {} }, nextStep: 'b', previousStep: 'a', status: 'cancelled' },
  ];
  const report = buildWorkflowReport(docs);
  assert.deepEqual(report.workflows.map((w) => w.workflowName), ['other', 'summarize']);
  const other = report.workflows[0]!;
  assert.deepEqual(other.steps, ['a', 'b']);
  assert.equal(other.withErrors, 1);
  assert.equal(other.cancelled, 1);
  assert.equal(other.active, 1);
  const text = renderWorkflowReport(report);
  assert.match(text, new RegExp(`^Workflow Report: other\n${"=".repeat(22)}\n`));
  assert.match(text, /\nWorkflow Report: summarize\n/);
  const active = buildWorkflowReport(SEED_INSTANCES, { activeOnly: true });
  assert.equal(active.totalInstances, 2);
  assert.deepEqual(active.workflows[0]!.distribution, { start: 1, checkCache: 0, callOpenAI: 1 });
});

test('WF-25 workflow-status report: no instances, and the live header of --follow', () => {
  assert.equal(renderWorkflowReport(buildWorkflowReport([])), 'Workflow Report\n===============\n\nNo workflow instances found.\n');
  const header = renderLiveHeader('Workflow Status', new Date(2026, 0, 1, 20, 22, 8), 2);
  const rule = '━'.repeat(66);
  assert.equal(header, `${rule}\nWorkflow Status (Live) - Press Ctrl+C to exit\nLast updated: 20:22:08 | Next update in 2s\n${rule}\n`);
});

test('WF-25 workflow-status report: aggregated one instance at a time, the same whatever order instances arrive in', () => {
  // Visit orders that disagree (a loop, a skipped step): the merged order depends on which came first by createdAt.
  const docs = [
    instance('5', ['start', 'store', 'finish'], null),
    instance('3', ['start', 'checkCache', 'finish'], null),
    instance('4', ['start', 'callOpenAI', 'checkCache'], 'checkCache'),
    instance('1', FULL, 'store'),
    { ...instance('2', ['start', 'finish', 'start'], 'start'), createdAt: '2026-01-01T00:00:01.000Z' },
  ];
  const expected = buildWorkflowReport(docs);
  for (let k = 0; k < 20; k++) {
    const shuffled = [...docs].sort(() => Math.random() - 0.5);
    assert.deepEqual(buildWorkflowReport(shuffled), expected);
  }
  assert.deepEqual(expected.workflows[0]!.steps, FULL);
});

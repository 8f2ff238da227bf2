import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runWorkflowStatus } from '../../../runtime/cli/commands/workflow-status.js';
import { ADMIN_API } from '../../../runtime/admin/prefix.js';
import type { WorkflowInstanceDoc } from '../../../runtime/workflow/index.js';
import { captureIo, freePort, startAdminServer } from '../../helpers/queue-admin.js';

const docs: WorkflowInstanceDoc[] = [
  { _id: '1', workflowName: 'wf', createdAt: '1', stepCount: { a: {}, b: {} }, nextStep: null, previousStep: 'b' },
  { _id: '2', workflowName: 'wf', createdAt: '2', stepCount: { a: {} }, nextStep: 'b', previousStep: 'a' },
];

test('WF-25 admin: GET /workflows/status (json, text, active) and localhooks workflow-status (text, json, --follow)', async () => {
  const server = await startAdminServer({ listInstances: async () => docs });
  try {
    const json = (await (await fetch(`${server.origin}${ADMIN_API}/workflows/status`)).json()) as { totalInstances: number };
    assert.equal(json.totalInstances, 2);
    const text = await (await fetch(`${server.origin}${ADMIN_API}/workflows/status?format=text`)).text();
    assert.match(text, /Total workflow instances: 2/);
    const active = (await (await fetch(`${server.origin}${ADMIN_API}/workflows/status?active=true`)).json()) as { totalInstances: number };
    assert.equal(active.totalInstances, 1);

    const once = captureIo();
    assert.equal(await runWorkflowStatus(['--url', server.origin], once), 0);
    assert.match(once.stdout(), /^Workflow Report\n===============\n\nTotal workflow instances: 2\nUnique steps: 2\n/);
    assert.match(once.stdout(), /\n0\s+2\n$/);

    const asJson = captureIo();
    await runWorkflowStatus(['--url', server.origin, '--format', 'json', '--active'], asJson);
    assert.equal((JSON.parse(asJson.stdout()) as { totalInstances: number }).totalInstances, 1);

    const live = captureIo({ maxFrames: 2 });
    assert.equal(await runWorkflowStatus(['--follow', '--url', server.origin], live), 0);
    const frames = live.stdout().split('Workflow Status (Live) - Press Ctrl+C to exit\nLast updated: ');
    assert.equal(frames.length, 3);
    assert.match(frames[1]!, /^\d\d:\d\d:\d\d \| Next update in 2s\n━{66}\n\nWorkflow Report\n/);
  } finally {
    await server.close();
  }
});

test('CLI workflow-status: no server → clear message and exit 1 (default port 8080 unless PORT/--port)', async () => {
  const port = await freePort();
  const io = captureIo();
  assert.equal(await runWorkflowStatus(['-p', String(port)], io), 1);
  assert.equal(io.stderr(), `No localhooks server at http://localhost:${port} — start one with: localhooks dev\n`);
  const follow = captureIo({ maxFrames: 3 });
  assert.equal(await runWorkflowStatus(['--follow', '--port', String(port)], follow), 1);
});

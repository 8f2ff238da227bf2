// templates/llm-workflow (the seed, JavaScript) and llm-workflow-ts (openai client, TypeScript), scaffolded
// with `localhooks create`, served in-process: POST /summaries runs to the end offline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ADMIN_API } from '../../../runtime/admin/prefix.js';
import type { WorkflowStatusReport } from '../../../runtime/workflow/index.js';
import { postJson, waitFor, type TestApp } from '../../helpers/app-server.js';
import { linkOpenai, origin, scaffold } from './scaffold.js';

const FULL_PATH = 'start → checkCache → callOpenAI → cacheAndStore → store → finish';
const TEXT =
  'Localhooks runs Codehooks apps offline. Workflows move through steps stored in the datastore. The offline model answers with sentences from the input. Nothing leaves the machine.';

async function completed(app: TestApp): Promise<number> {
  const report = (await (await fetch(`${origin(app)}${ADMIN_API}/workflows/status`)).json()) as WorkflowStatusReport;
  const wf = report.workflows.find((w) => w.workflowName === 'summarize');
  return wf && wf.active === 0 ? wf.completed : 0;
}

async function summarizeOffline(app: TestApp, dir: string): Promise<void> {
  const res = await app.json<{ _id: string; nextStep: string; workflowName: string }>('/summaries', postJson({ text: TEXT }));
  assert.equal(res.status, 200);
  assert.deepEqual([res.body.nextStep, res.body.workflowName], ['start', 'summarize']);
  await waitFor(async () => (await completed(app)) === 1, { what: 'summarize to complete' });
  await waitFor(() => app.logs.text().includes(`Steps executed: ${FULL_PATH}`), { what: 'finish log' });
  const [doc] = (await app.json<Array<{ text: string; summary: string }>>('/summaries')).body;
  assert.equal(doc?.text, TEXT);
  for (const sentence of doc!.summary.match(/[^.]+\./g) ?? []) assert.ok(TEXT.includes(sentence.trim()), `"${sentence}" is not from the input`);

  const secret = /^GITHUB_WEBHOOK_SECRET=(.+)$/m.exec(await readFile(join(dir, '.env'), 'utf8'))![1]!;
  const body = JSON.stringify({ action: 'opened', issue: { number: 1, title: 'Slow start', body: 'Startup takes a minute.' }, repository: { full_name: 'a/b' } });
  const hook = await app.json<{ status: string }>('/webhook/summarize', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` },
    body,
  });
  assert.deepEqual([hook.status, hook.body.status], [200, 'processing']);
  await waitFor(async () => (await completed(app)) === 2, { what: 'webhook workflow to complete' });
}

test('WF-10 template llm-workflow: the seed app completes POST /summaries and a signed webhook offline', async () => {
  const s = await scaffold('llm-workflow');
  try {
    await summarizeOffline(await s.serve(), s.dir);
    const own = await s.ownTests();
    assert.equal(own.code, 0, own.out);
  } finally {
    await s.remove();
  }
});

test('WF-10 template llm-workflow-ts: index.ts with the openai client completes offline', async () => {
  const s = await scaffold('llm-workflow-ts');
  try {
    // Without node_modules the build names the missing package (localhooks supplies codehooks-js, not openai).
    const bare = await s.serve();
    const refused = await bare.json<{ error: string }>('/summaries');
    assert.equal(refused.status, 503);
    assert.match(refused.body.error, /Cannot find package "openai" imported by the app — run: npm install openai/);
    await bare.close();
    await linkOpenai(s.dir);
    const app = await s.serve();
    assert.equal(app.lh.manifest()?.routes.length, 3);
    await summarizeOffline(app, s.dir);
    assert.match(app.logs.text(), /llm: chat answered offline as summarize/);
    const own = await s.ownTests();
    assert.equal(own.code, 0, own.out);
  } finally {
    await s.remove();
  }
});

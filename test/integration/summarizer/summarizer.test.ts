// The seed's summarizer app, unchanged, end to end against localhooks: REST trigger, the six-step workflow on
// the real codehooks-js engine, the offline OpenAI endpoint, the KV cache, GitHub webhooks, workflow-status.
import { after, before, test as nodeTest } from 'node:test';
import assert from 'node:assert/strict';
import { postJson, startFixture, waitFor, type TestApp } from '../../helpers/app-server.js';
import { freshPostgres } from '../../helpers/datastore-backends.js';
import {
  ARTICLE,
  CACHED_PATH,
  FULL_PATH,
  ISSUE_EVENT,
  STEPS,
  fixtureSecret,
  runCli,
  sentencesOf,
  sign,
  waitCompleted,
  waitPath,
} from './summarizer-app.js';

interface Instance {
  _id: string;
  nextStep: string | null;
  workflowName: string;
  text: string;
  stepCount: object;
}
interface Summary {
  _id: string;
  text: string;
  summary: string;
  cached: boolean;
  source: string;
  repository: string | null;
}

let app: TestApp;
let secret: string;
/** The same app on its LevelDB data folder and on PostgreSQL (`store`); each test runs on both, in order. */
let apps: TestApp[] = [];
const firstIds = new Map<TestApp, string>();
before(async () => {
  secret = await fixtureSecret();
  // offline whatever the developer's shell has in OPENAI_API_KEY
  const pg = await freshPostgres();
  await pg.close();
  apps = await Promise.all([startFixture('summarizer', { llm: { mode: 'offline' } }), startFixture('summarizer', { llm: { mode: 'offline' }, store: pg.url })]);
});
after(async () => {
  for (const a of apps) await a.close();
});

function test(name: string, body: () => Promise<void>): void {
  nodeTest(name, async (t) => {
    for (const [i, a] of apps.entries()) {
      await t.test(i === 0 ? 'level' : 'postgres', async () => {
        app = a;
        await body();
      });
    }
  });
}

test('WF-04 POST /summaries: answers with the new workflow instance (nextStep start)', async () => {
  const res = await app.json<Instance>('/summaries', postJson({ text: ARTICLE }));
  assert.equal(res.status, 200);
  assert.match(res.body._id, /^[0-9a-f]{24}$/);
  assert.equal(res.body.nextStep, 'start');
  assert.equal(res.body.workflowName, 'summarize');
  assert.equal(res.body.text, ARTICLE);
  assert.deepEqual(res.body.stepCount, {});
  firstIds.set(app, res.body._id);
});

test('WF-10 summarize: completes start → checkCache → callOpenAI → cacheAndStore → store → finish offline', async () => {
  const firstId = firstIds.get(app);
  assert.ok(firstId, 'needs the instance of the previous test');
  const report = await waitCompleted(app, 1);
  assert.deepEqual(report.steps, [...STEPS]);
  assert.equal(report.distribution.finish, 1);
  assert.equal(await waitPath(app, firstId), FULL_PATH);
  // The SDK logs completion after it stores the state: the line may still be crossing from the runner thread.
  const completed = new RegExp(`Workflow summarize ${firstId} is completed`);
  await waitFor(() => completed.test(app.logs.text()), { what: 'the completion log line' });
  assert.match(app.logs.text(), completed);
  assert.match(app.logs.text(), /llm: chat answered offline as summarize/);
});

test('LLM offline: GET /summaries lists the stored summary, an extract of the input sentences', async () => {
  const res = await app.json<Summary[]>('/summaries');
  assert.equal(res.status, 200);
  assert.equal(res.body.length, 1);
  const doc = res.body[0]!;
  assert.equal(doc.text, ARTICLE);
  assert.equal(doc.cached, false);
  assert.equal(doc.source, 'api');
  assert.equal(doc.repository, null);
  const sentences = sentencesOf(doc.summary);
  assert.ok(sentences.length >= 1 && doc.summary.length < ARTICLE.length, `not a summary: ${doc.summary}`);
  for (const s of sentences) assert.ok(ARTICLE.includes(s), `"${s}" is not a sentence of the input`);
});

test('KV-08 cache: the same text within 60 s takes start → checkCache → finish and stores nothing new', async () => {
  const res = await app.json<Instance>('/summaries', postJson({ text: ARTICLE }));
  assert.equal(res.status, 200);
  assert.equal(await waitPath(app, res.body._id), CACHED_PATH);
  const report = await waitCompleted(app, 2);
  assert.equal(report.distribution.finish, 2);
  assert.equal((await app.json<Summary[]>('/summaries')).body.length, 1);
});

test('REQ-05 POST /webhook/summarize: a correctly signed GitHub issue event → processing, workflow completes', async () => {
  const body = JSON.stringify(ISSUE_EVENT);
  const res = await app.json<{ status: string; workflowId: string }>('/webhook/summarize', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-github-event': 'issues', 'x-hub-signature-256': sign(body, secret) },
    body,
  });
  assert.equal(res.status, 200);
  assert.equal(res.body.status, 'processing');
  assert.match(res.body.workflowId, /^[0-9a-f]{24}$/);
  assert.equal(await waitPath(app, res.body.workflowId), FULL_PATH);
  await waitCompleted(app, 3);
  const stored = (await app.json<Summary[]>('/summaries')).body.find((d) => d.source === 'github-issue-123');
  assert.ok(stored, 'the issue summary is stored');
  assert.equal(stored.repository, 'myorg/myrepo');
  assert.equal(stored.text, `${ISSUE_EVENT.issue.title}\n\n${ISSUE_EVENT.issue.body}`);
  for (const s of sentencesOf(stored.summary)) assert.ok(stored.text.includes(s), `"${s}" is not from the issue`);
});

test('REQ-05 POST /webhook/summarize: a wrong signature → 401, a signed empty payload → 400', async () => {
  const body = JSON.stringify(ISSUE_EVENT);
  // Same length as a real one: the seed's timingSafeEqual throws (a 500) on a signature of another length.
  const wrong = await app.json<{ error: string }>('/webhook/summarize', postJson(ISSUE_EVENT, { 'x-hub-signature-256': sign(body, 'not-the-secret') }));
  assert.deepEqual([wrong.status, wrong.body], [401, { error: 'Invalid signature' }]);
  const unsigned = await app.json('/webhook/summarize', postJson(ISSUE_EVENT));
  assert.equal(unsigned.status, 401);
  // A body re-serialized differently from what was signed must fail: the app hashes req.rawBody, not req.body.
  const spaced = JSON.stringify(ISSUE_EVENT, null, 2);
  const reformatted = await app.json('/webhook/summarize', postJson(ISSUE_EVENT, { 'x-hub-signature-256': sign(spaced, secret) }));
  assert.equal(reformatted.status, 401);
  const empty = await app.json<{ error: string }>('/webhook/summarize', { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign('{}', secret) }, body: '{}' });
  assert.deepEqual([empty.status, empty.body], [400, { error: 'No text content in webhook payload' }]);
  const report = await waitCompleted(app, 3);
  assert.equal(report.totalInstances, 3, 'refused webhooks start no workflow');
});

test('WF-25 localhooks workflow-status: prints the six steps and where the instances finished', async () => {
  const port = new URL(app.base).port;
  const r = await runCli(['workflow-status', '--port', port]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Total workflow instances: 3/);
  assert.match(r.out, /Unique steps: 6/);
  assert.match(r.out, new RegExp(`Workflow Structure \\(6 steps\\):\\n${STEPS.map((s, i) => `${i + 1}\\. ${s}`).join('\\n')}`));
  const lines = r.out.split('\n');
  const header = lines.findIndex((l) => /^start\s+checkCache\s+callOpenAI\s+cacheAndStore\s+store\s+finish$/.test(l));
  assert.ok(header > 0, r.out);
  assert.deepEqual(lines[header + 2]!.trim().split(/\s+/), ['0', '0', '0', '0', '0', '3']);
});

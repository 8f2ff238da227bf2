// The summarizer template in a real browser: a summary's instance reaches `finish` live, a signed GitHub
// webhook edited by one byte gets the 401, `issues.opened` sent from the page stores a summary, and a rerun
// from `callOpenAI` runs the rest of the path again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { createHmac } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { REPO_ROOT, startDir, waitFor, type TestApp } from '../../helpers/app-server.js';
import { launch, openDashboard, SHOTS } from './browser.js';

const SECRET = 'summarizer-webhook-secret-42';
const TEXT = 'Artificial intelligence is transforming software development. Modern AI tools help developers write code faster. From code completion to automated testing, AI is becoming essential.';
let app: TestApp;
let browser: Browser;
let origin: string;

before(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lh-dash-summarizer-'));
  await cp(join(REPO_ROOT, 'templates', 'llm-workflow'), dir, { recursive: true });
  await writeFile(join(dir, '.env'), `GITHUB_WEBHOOK_SECRET=${SECRET}\n`);
  app = await startDir(dir, { storage: 'memory', llmJournal: 50 }, true);
  origin = new URL(app.base).origin;
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await app?.close();
});

const summaries = async () => (await app.json<{ summary: string; source: string }[]>('/summaries')).body;

test('dashboard browser: a posted summary’s instance reaches finish in the workflow view without a reload', async () => {
  const d = await openDashboard(browser, origin, '#/overview');
  try {
    await d.page.waitForSelector('[data-ready="overview"] .uplot');
    await d.page.waitForSelector('[data-build="ok"]');
    await d.shot('overview-light');
    await d.page.evaluate(() => (location.hash = '#/workflows'));
    await d.page.waitForSelector('h1:has-text("Workflows")');
    await d.page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    const started = await app.json<{ _id: string }>('/summaries', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: TEXT }) });
    // The list learns of the instance and of each step over the event stream, and shows it finished.
    await d.page.waitForSelector(`tr[data-instance="${started.body._id}"][data-state="done"]`);
    assert.equal(await d.page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed), true, 'no reload');
    await d.shot('workflows-list');
    await d.page.locator(`tr[data-instance="${started.body._id}"] a`).click();
    await d.page.waitForSelector('li[data-step="finish"][data-outcome="done"]');
    await d.page.waitForSelector('[data-instance-state="done"]');
    const steps = await d.page.$$eval('ol.timeline > li[data-outcome="done"]', (els) => els.map((e) => e.getAttribute('data-step')));
    assert.deepEqual(steps, ['start', 'checkCache', 'callOpenAI', 'cacheAndStore', 'store', 'finish']);
    await d.shot('workflow-instance-uncached');
    // The same text again within the cache's minute: the cached path, with the skipped steps shown as such.
    const cached = await app.json<{ _id: string }>('/summaries', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: TEXT }) });
    await d.page.evaluate((id) => (location.hash = `#/workflows/${id}`), cached.body._id);
    await d.page.waitForSelector('li[data-step="finish"][data-outcome="done"]');
    const skipped = await d.page.$$eval('ol.timeline > li[data-outcome="skipped"]', (els) => els.map((e) => e.getAttribute('data-step')));
    assert.deepEqual(skipped, ['callOpenAI', 'cacheAndStore', 'store']);
    await d.shot('workflow-instance-cached');
    assert.deepEqual(d.problems, []);
  } finally {
    await d.close();
  }
});

test('dashboard browser: a signed GitHub webhook in Requests, one byte changed and resent, answers 401', async () => {
  const body = JSON.stringify({ action: 'opened', issue: { number: 7, title: 'Crash on save', body: 'Saving a file crashes the editor.' }, repository: { full_name: 'myorg/myrepo' } });
  const sig = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
  const ok = await app.fetch('/webhook/summarize', { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sig }, body });
  assert.equal(ok.status, 200);
  const d = await openDashboard(browser, origin, '#/requests');
  try {
    const item = d.page.locator('a.list-item', { hasText: '/dev/webhook/summarize' }).first();
    await item.click();
    await d.page.waitForSelector('[data-detail]');
    assert.match(await d.page.locator('[data-detail]').innerText(), /x-hub-signature-256\s+\*\*\*\*/);
    await d.shot('requests-detail');
    await d.page.getByRole('button', { name: 'Edit & resend' }).click();
    const field = d.page.locator('textarea[name="body"]');
    assert.equal(await field.inputValue(), body, 'the raw body, byte for byte');
    await field.fill(body.replace('"number":7', '"number":8'));
    await d.page.getByRole('button', { name: 'Send', exact: true }).click();
    await d.page.waitForSelector('[data-new-status="401"]');
    assert.match(await d.page.locator('[data-compare]').innerText(), /Invalid signature/);
    await d.shot('requests-compare');
    assert.deepEqual(d.problems, []);
  } finally {
    await d.close();
  }
});

test('dashboard browser: GitHub issues.opened sent from the page is signed and summarized; the summary is found and edited in Data', async () => {
  const before = (await summaries()).length;
  const d = await openDashboard(browser, origin, '#/requests/send');
  try {
    await d.page.waitForSelector('text=signed');
    assert.equal(await d.page.locator('select[name="provider"]').inputValue(), 'github');
    assert.equal(await d.page.locator('select[name="event"]').inputValue(), 'issues.opened');
    await d.page.waitForFunction(() => (document.querySelector('input[name="to"]') as HTMLInputElement | null)?.value === '/webhook/summarize');
    await d.page.waitForFunction(() => (document.querySelector('textarea[name="payload"]') as HTMLTextAreaElement | null)?.value.includes('"issues') === false && (document.querySelector('textarea[name="payload"]') as HTMLTextAreaElement).value.includes('"action": "opened"'));
    await d.page.getByRole('button', { name: 'Send issues.opened' }).click();
    await d.page.waitForSelector('[data-sent-status="200"]');
    await d.shot('requests-webhook-sent');
    const stored = await waitFor(async () => {
      const all = await summaries();
      return all.length > before ? all : null;
    }, { what: 'the summary of the issue' });
    assert.equal(stored![0]!.source, 'github-issue-123');
    // Find the stored summary in Data and edit it.
    await d.page.evaluate(() => (location.hash = '#/data/summaries'));
    await d.page.locator('input[name="query"]').fill('{"source": "github-issue-123"}');
    await d.page.getByRole('button', { name: 'Run' }).click();
    await d.page.waitForFunction(() => document.querySelectorAll('tr[data-doc]').length === 1);
    await d.page.locator('tr[data-doc] button').click();
    const editor = d.page.locator('textarea[name="doc"]');
    const doc = JSON.parse(await editor.inputValue());
    assert.equal(doc.summary, stored![0]!.summary);
    await editor.fill(JSON.stringify({ ...doc, summary: 'Edited in the dashboard.' }, null, 2));
    await d.page.getByRole('button', { name: 'Save' }).click();
    await d.page.waitForSelector('[data-editor]', { state: 'detached' });
    await d.shot('data-summaries');
    assert.equal((await summaries()).find((x) => x.source === 'github-issue-123')?.summary, 'Edited in the dashboard.');
    assert.deepEqual(d.problems, []);
  } finally {
    await d.close();
  }
});

test('dashboard browser: rerun an instance from callOpenAI; the rest of its path runs again', async () => {
  const started = await app.json<{ _id: string }>('/summaries', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Rerun me. This text is new to the cache. It has three sentences.' }) });
  const id = started.body._id;
  await waitFor(async () => (await app.json<{ nextStep: string | null }>(`/../.localhooks/api/workflows/instances/${id}/timeline`)).body.nextStep === null, { what: 'the first run' });
  const before = (await summaries()).length;
  const d = await openDashboard(browser, origin, `#/workflows/${id}`);
  try {
    await d.page.waitForSelector('li[data-step="finish"][data-outcome="done"]');
    await d.page.getByRole('button', { name: 'Rerun from callOpenAI…' }).click();
    const state = JSON.parse(await d.page.locator('textarea[name="rerun-state"]').inputValue());
    assert.deepEqual(state.steps, ['start', 'checkCache'], 'the state callOpenAI received the first time');
    await d.shot('workflow-rerun-form');
    await d.page.getByRole('button', { name: 'Rerun from callOpenAI', exact: true }).click();
    await d.page.waitForFunction(() => document.querySelectorAll('li[data-step="finish"][data-outcome="done"]').length === 2);
    await d.page.waitForSelector('text=rerun at');
    const stored = await waitFor(async () => {
      const all = await summaries();
      return all.length > before ? all : null;
    }, { what: 'the rerun to store a summary' });
    assert.equal(stored!.length, before + 1);
    await d.shot('workflow-after-rerun');
    assert.deepEqual(d.problems, []);
    console.log(`# screenshots: ${SHOTS}`);
  } finally {
    await d.close();
  }
});

test("dashboard browser: the LLM view lists the app's model calls and changes the fault settings at run time", async () => {
  const d = await openDashboard(browser, origin, '#/llm');
  try {
    await d.page.waitForSelector('tr[data-llm-call]');
    const row = d.page.locator('tr[data-llm-call]').first();
    assert.match(await row.innerText(), /POST \/chat\/completions[\s\S]*gpt-4o-mini[\s\S]*200/);
    await row.getByRole('button').click();
    await d.page.waitForSelector('text=Summarize this:');
    await d.shot('llm-calls');
    await d.page.locator('input[name="faults"]').fill('500:first1');
    await d.page.getByRole('button', { name: 'Apply' }).click();
    await d.page.waitForSelector('[data-faults] >> text=500 on the next 1 call');
    const faults = (await (await fetch(`${origin}/.localhooks/api/llm/faults`)).json()) as { spec: string };
    assert.equal(faults.spec, '500:first1');
    await d.page.getByRole('button', { name: 'Clear' }).click();
    await d.page.waitForSelector('text=No faults');
    assert.deepEqual(d.problems, []);
  } finally {
    await d.close();
  }
});

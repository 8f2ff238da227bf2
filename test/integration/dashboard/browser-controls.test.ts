// The dashboard's controls in a real browser: resume a waiting instance through the URL its page shows (with
// curl), run a cron job now, open the app's app.openapi() page with no network, reach every view by keyboard,
// and screenshots of each view, narrow and dark.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { waitFor, type TestApp } from '../../helpers/app-server.js';
import { launch, openDashboard } from './browser.js';
import { originOf, startDashboardApp } from './dashboard-app.js';

const run = promisify(execFile);
let app: TestApp;
let browser: Browser;

before(async () => {
  app = await startDashboardApp();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await app?.close();
});

test('dashboard browser: a waiting instance shows its resume URL; a curl POST to it finishes the run, shown live', async () => {
  const started = await app.json<{ _id: string }>('/approvals', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"item":"desk"}' });
  const d = await openDashboard(browser, originOf(app), `#/workflows/${started.body._id}`);
  try {
    const url = (await d.page.locator('[data-resume-url]').innerText()).trim();
    assert.match(url, /\/\.localhooks\/resume\//);
    await d.page.waitForSelector('[data-instance-state="waiting"]');
    await d.shot('workflow-waiting');
    await d.page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    const { stdout } = await run('curl', ['-s', '-X', 'POST', url, '-H', 'content-type: application/json', '-d', '{"approved":true}']);
    assert.equal(JSON.parse(stdout).resumed, true);
    await d.page.waitForSelector('[data-instance-state="done"]');
    await d.page.waitForSelector('li[data-step="finish"][data-outcome="done"]');
    assert.equal(await d.page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed), true, 'updated without a reload');
    assert.equal(await d.page.locator('[data-resume-url]').count(), 0);
    assert.deepEqual(d.problems, []);
  } finally {
    await d.close();
  }
});

test('dashboard browser: "Run now" runs a cron job and shows its result', async () => {
  const d = await openDashboard(browser, originOf(app), '#/jobs');
  try {
    await d.page.getByRole('button', { name: 'Run job 1 now' }).click();
    await d.page.waitForSelector('tr[data-job="1"] >> text=Run now: ok');
    const ticks = await waitFor(async () => ((await app.json<unknown[]>('/ticks')).body.length === 1 ? true : null), { what: 'the job’s write' });
    assert.ok(ticks);
    await d.shot('jobs');
    assert.deepEqual(d.problems, []);
  } finally {
    await d.close();
  }
});

test('dashboard browser: /.localhooks without the slash opens the dashboard at the view its hash names', async () => {
  const d = await openDashboard(browser, originOf(app), '#/overview');
  try {
    await d.page.goto(`${originOf(app)}/.localhooks#/queues`);
    await d.page.waitForFunction(() => location.pathname === '/.localhooks/' && document.querySelector('main h1')?.textContent === 'Queues');
    assert.deepEqual(d.problems, []);
  } finally {
    await d.close();
  }
});

test("OAPI-08 dashboard browser: the app's app.openapi() page works with no network and lists its operations", async () => {
  const d = await openDashboard(browser, originOf(app), '#/api-docs');
  try {
    const link = d.page.locator('a[href="/dev/docs"]');
    await link.waitFor();
    await d.page.goto(`${originOf(app)}/dev/docs`);
    await d.page.waitForSelector('.opblock');
    const ops = await d.page.$$eval('.opblock-summary-path', (els) => els.map((e) => e.textContent?.replace(/\u200b/g, '').trim()));
    assert.ok(ops.includes('/hello'), ops.join(', '));
    assert.ok(ops.includes('/hooks/{provider}') || ops.includes('/hooks/:provider'), ops.join(', '));
    await d.shot('api-docs-swagger');
  } finally {
    await d.close();
  }
});

test('dashboard browser: every view is reachable by keyboard, and renders narrow and dark without errors', async () => {
  const d = await openDashboard(browser, originOf(app), '#/overview');
  try {
    await d.page.keyboard.press('Tab');
    assert.equal(await d.page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
    const nav = await d.page.$$eval('nav.side a', (els) => els.map((e) => e.textContent ?? ''));
    const labels: string[] = [];
    for (let i = 0; i < nav.length + 1; i++) {
      await d.page.keyboard.press('Tab');
      const el = await d.page.evaluate(() => ({ tag: document.activeElement?.tagName, text: document.activeElement?.textContent ?? '' }));
      if (el.tag !== 'A') break;
      labels.push(el.text);
    }
    assert.deepEqual(labels, nav, 'Tab walks every view in order');
    assert.deepEqual(labels.slice(0, 3), ['Overview', 'Requests', 'Workflows']);
    await d.page.keyboard.press('Shift+Tab');
    await d.page.keyboard.press('Enter');
    await d.page.waitForFunction((l) => document.querySelector('h1')?.textContent === l, labels.at(-1)!);
  } finally {
    await d.close();
  }
  const views = ['overview', 'requests', 'requests/send', 'workflows', 'data', 'data/~kv', 'queues', 'jobs', 'llm', 'files', 'logs', 'clock', 'env', 'api-docs'];
  for (const [width, theme] of [[1280, 'dark'], [420, 'light'], [420, 'dark']] as const) {
    const n = await openDashboard(browser, originOf(app), '#/overview', { width, height: 800, theme });
    try {
      for (const v of views) {
        await n.page.evaluate((h) => (location.hash = h), `#/${v}`);
        await n.page.waitForSelector('main h1');
        await n.page.waitForLoadState('networkidle');
        const overflow = await n.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 1, `${v} at ${width}px scrolls sideways by ${overflow}px`);
        await n.shot(`${v.replace(/[/~]+/g, '-')}-${width}-${theme}`);
      }
      assert.deepEqual(n.problems, []);
    } finally {
      await n.close();
    }
  }
});

test('dashboard browser: Files uploads from the page, lists, downloads and deletes', async () => {
  const d = await openDashboard(browser, originOf(app), '#/files');
  try {
    await d.page.locator('input[type="file"]').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello from the dashboard\n') });
    await d.page.locator('input[type="text"]').last().fill('/docs/');
    await d.page.getByRole('button', { name: 'Upload' }).click();
    await d.page.waitForSelector('tr[data-file="/docs/notes.txt"]');
    const href = await d.page.locator('tr[data-file="/docs/notes.txt"] a').getAttribute('href');
    assert.equal(await (await fetch(`${originOf(app)}${href}`)).text(), 'hello from the dashboard\n');
    await d.shot('files');
    await d.page.getByRole('button', { name: 'Delete /docs/notes.txt' }).click();
    await d.page.waitForSelector('tr[data-file="/docs/notes.txt"]', { state: 'detached' });
    assert.deepEqual(d.problems, []);
  } finally {
    await d.close();
  }
});

// The data views in a real browser: find a stored document with a query and edit it, see a schema's errors
// inline, watch key-value TTLs count down; move the clock so a failing worker's retries run out, then retry
// its dead letter once the worker is fixed; follow the log live.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { MovableClock } from '../../../runtime/movable-clock.js';
import { waitFor, type TestApp } from '../../helpers/app-server.js';
import { launch, openDashboard } from './browser.js';
import { admin, originOf, startDashboardApp } from './dashboard-app.js';

let app: TestApp;
let browser: Browser;

before(async () => {
  app = await startDashboardApp({ clock: new MovableClock() });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await app?.close();
});

test('dashboard browser: a document found with a query is edited in place; a schema’s errors show inline', async () => {
  await admin(app, '/webhooks/send', { method: 'POST', body: { provider: 'github', event: 'ping', to: '/hooks/github' } });
  await admin(app, '/webhooks/send', { method: 'POST', body: { provider: 'stripe', event: 'payment_intent.succeeded', to: '/hooks/stripe' } });
  const d = await openDashboard(browser, originOf(app), '#/data');
  try {
    await d.page.locator('a[data-collection="deliveries"]').click();
    await d.page.locator('input[name="query"]').fill('{"provider": "stripe"}');
    await d.page.getByRole('button', { name: 'Run' }).click();
    await d.page.waitForFunction(() => document.querySelectorAll('tr[data-doc]').length === 1);
    await d.page.locator('tr[data-doc] button').click();
    const editor = d.page.locator('textarea[name="doc"]');
    const doc = JSON.parse(await editor.inputValue());
    assert.equal(doc.provider, 'stripe');
    await editor.fill(JSON.stringify({ ...doc, note: 'checked by hand' }, null, 2));
    await d.page.getByRole('button', { name: 'Save' }).click();
    await d.page.waitForSelector('[data-editor]', { state: 'detached' });
    const stored = await admin(app, `/collections/deliveries/docs?q=${encodeURIComponent('{"provider":"stripe"}')}`);
    assert.equal(stored.body.items[0].note, 'checked by hand');
    await d.shot('data-collection');

    await admin(app, '/collections/deliveries/schema', { method: 'PUT', body: { type: 'object', properties: { provider: { enum: ['github', 'stripe'] } }, required: ['provider'] } });
    await d.page.locator('tr[data-doc] button').click();
    await editor.fill(JSON.stringify({ ...doc, provider: 'gitlab' }, null, 2));
    await d.page.getByRole('button', { name: 'Save' }).click();
    const issues = d.page.locator('[aria-label="Schema errors"]');
    await issues.waitFor();
    assert.match(await issues.innerText(), /\/provider\s+must be equal to one of the allowed values/);
    await d.shot('data-schema-error');
    await editor.fill('{"provider": ');
    await d.page.waitForSelector('text=Not valid JSON');
    assert.deepEqual(d.problems, []);
  } finally {
    await d.close();
  }
});

test('dashboard browser: a query that fails clears the previous results; the next good one lists again', async () => {
  for (const n of [1, 2]) await admin(app, '/collections/notes/docs', { method: 'POST', body: { n } });
  for (const width of [1280, 420]) {
    const d = await openDashboard(browser, originOf(app), '#/data', { width });
    try {
      await d.page.locator('a[data-collection="notes"]').click();
      await d.page.waitForFunction(() => document.querySelectorAll('tr[data-doc]').length === 2);
      await d.page.locator('input[name="query"]').fill('{"n":');
      await d.page.getByRole('button', { name: 'Run' }).click();
      const error = d.page.locator('[role="alert"]', { hasText: 'LH_ADMIN_BAD_REQUEST' });
      await error.waitFor();
      assert.equal(await d.page.locator('tr[data-doc]').count(), 0, 'rows of the previous query are gone');
      assert.equal(await d.page.getByText('No documents match').count(), 0, 'a failed query matched nothing only because it did not run');
      await d.shot(`data-query-error-${width}`);
      await d.page.locator('input[name="query"]').fill('{"n": 2}');
      await d.page.getByRole('button', { name: 'Run' }).click();
      await d.page.waitForFunction(() => document.querySelectorAll('tr[data-doc]').length === 1);
      assert.equal(await error.count(), 0);
      assert.deepEqual(d.problems, []);
    } finally {
      await d.close();
    }
  }
});

test('dashboard browser: key-value entries by keyspace with their TTL counting down', async () => {
  await admin(app, '/kv/keys/session:1', { method: 'PUT', body: { value: 'abc', ttl: 90_000 } });
  const d = await openDashboard(browser, originOf(app), '#/data/~kv');
  try {
    const ttl = d.page.locator('tr[data-key="session:1"] [data-ttl]');
    await ttl.waitFor();
    const first = await ttl.innerText();
    assert.match(first, /^1 min \d+ s$/);
    await d.page.waitForFunction((t) => document.querySelector('tr[data-key="session:1"] [data-ttl]')?.textContent !== t, first);
    await d.shot('data-kv');
  } finally {
    await d.close();
  }
});

test('dashboard browser: the clock moved past the retries makes a dead letter; fixed, it is retried from the page', async () => {
  await app.fetch('/fail', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n": 7}' });
  const d = await openDashboard(browser, originOf(app), '#/clock');
  try {
    await d.page.locator('input[name="advance"]').fill('1m');
    await d.page.getByRole('button', { name: 'Advance', exact: true }).click();
    await d.page.waitForSelector('[data-ran]');
    await d.shot('clock');
    await d.page.evaluate(() => (location.hash = '#/queues'));
    await d.page.waitForSelector('tr[data-topic="fails"] td[data-dead="1"]');
    assert.match(await d.page.locator('[data-dead-letter]').innerText(), /the worker failed on purpose/);
    await d.shot('queues-dead-letter');
    await app.fetch('/fix', { method: 'POST' });
    await d.page.locator('[data-dead-letter]').getByRole('button', { name: /^Retry/ }).click();
    await d.page.waitForSelector('tr[data-topic="fails"] td[data-dead="0"]');
    const fixed = await waitFor(async () => ((await admin(app, '/collections/fixed/docs')).body.items?.length === 1 ? true : null), { what: 'the retried item to run' });
    assert.ok(fixed);
    assert.deepEqual(d.problems, []);
  } finally {
    await d.close();
  }
});

test('dashboard browser: the log follows live and filters by level and text', async () => {
  const d = await openDashboard(browser, originOf(app), '#/logs');
  try {
    await d.page.waitForSelector('.logline');
    await app.fetch('/hello?from=logs-view');
    await d.page.waitForSelector('.logline:has-text("/dev/hello?from=logs-view")');
    await d.page.locator('input[aria-label="Filter text"]').fill('logs-view');
    await d.page.waitForFunction(() => [...document.querySelectorAll('.logline')].every((l) => l.textContent!.includes('logs-view')));
    await d.page.locator('select[aria-label="Lowest level"]').selectOption('error');
    await d.page.waitForSelector('text=No log lines match');
    await d.shot('logs');
    assert.deepEqual(d.problems, []);
  } finally {
    await d.close();
  }
});

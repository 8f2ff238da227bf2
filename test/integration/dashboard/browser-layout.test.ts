// The dashboard's layout at 1280 and 420 px in a real browser: the overview charts share one time window and
// readable ticks; tables keep their actions in reach without sideways scrolling; a request picked in a stacked
// Requests view brings its detail into sight.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { TestApp } from '../../helpers/app-server.js';
import { launch, openDashboard } from './browser.js';
import { admin, originOf, startDashboardApp } from './dashboard-app.js';

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

const WIDTHS = [1280, 420] as const;

interface Drawn {
  title: string;
  xMin: number;
  xMax: number;
  boxWidth: number;
  /** Tick label, its centre in px from the chart box's left edge, its width as drawn. */
  ticks: { label: string; x: number; w: number }[];
}

test('dashboard browser: the overview charts share one time window and HH:MM ticks that never overlap', async () => {
  for (let i = 0; i < 3; i++) await app.fetch('/hello');
  for (const width of WIDTHS) {
    const d = await openDashboard(browser, originOf(app), '#/overview', { width });
    try {
      await d.page.waitForFunction(() => document.querySelectorAll('.chart-box[data-ticks]').length === 3);
      const charts: Drawn[] = await d.page.evaluate(() => {
        const ctx = document.createElement('canvas').getContext('2d')!;
        // uPlot's axis font
        ctx.font = '12px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif';
        return [...document.querySelectorAll<HTMLElement>('.chart-box')].map((el) => ({
          title: el.getAttribute('aria-label')!,
          xMin: Number(el.dataset.xMin),
          xMax: Number(el.dataset.xMax),
          boxWidth: el.getBoundingClientRect().width,
          ticks: (JSON.parse(el.dataset.ticks!) as [string, number][]).map(([label, x]) => ({ label, x, w: ctx.measureText(label).width })),
        }));
      });
      assert.deepEqual(charts.map((c) => c.title), ['Requests per second', 'Latency', 'Queue depth']);
      for (const c of charts) {
        assert.deepEqual([c.xMin, c.xMax], [charts[0]!.xMin, charts[0]!.xMax], `${c.title} at ${width}px covers the same window`);
        assert.equal(c.xMax - c.xMin, 600, `${c.title}: ten minutes`);
        assert.deepEqual(c.ticks.map((t) => t.label), charts[0]!.ticks.map((t) => t.label), `${c.title} at ${width}px has the same ticks`);
        assert.ok(c.ticks.length >= 2, `${c.title} at ${width}px: ${c.ticks.length} ticks`);
        for (const [k, t] of c.ticks.entries()) {
          assert.match(t.label, /^\d\d:\d\d$/);
          assert.ok(t.x - t.w / 2 >= 0 && t.x + t.w / 2 <= c.boxWidth, `${c.title} at ${width}px: ${t.label} inside the chart`);
          const next = c.ticks[k + 1];
          if (next) assert.ok(next.x - next.w / 2 - (t.x + t.w / 2) >= 8, `${c.title} at ${width}px: ${t.label} and ${next.label} ${next.x - t.x}px apart`);
        }
      }
      await d.shot(`overview-charts-${width}`);
      assert.deepEqual(d.problems, []);
    } finally {
      await d.close();
    }
  }
});

/** Views with tables of rows that carry actions, and a row each shows once its data is in. */
const TABLE_VIEWS = [
  ['workflows', 'tr[data-instance]'],
  ['queues', 'tr[data-topic]'],
  ['data/notes', 'tr[data-doc]'],
  ['data/~kv', 'tr[data-key]'],
  ['files', 'tr[data-file]'],
  ['jobs', 'tr[data-job]'],
] as const;

test('dashboard browser: tables never scroll sideways at 1280 or 420 px and every button in them is in reach', async () => {
  await app.fetch('/approvals', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"item":"a chair for the meeting room on the second floor"}' });
  await admin(app, '/collections/notes/docs', { method: 'POST', body: { title: 'A note with a long text', text: 'lorem ipsum dolor sit amet '.repeat(8), tags: ['narrow', 'screens'] } });
  await admin(app, '/kv/keys/session:0123456789abcdef', { method: 'PUT', body: { value: 'a value long enough to need a second line at 420 px wide', ttl: 600_000 } });
  const put = await fetch(`${originOf(app)}/.localhooks/api/files/reports/2026/quarterly-summary-for-the-board.txt`, { method: 'PUT', headers: { 'x-localhooks-client': 'test', 'content-type': 'application/octet-stream' }, body: 'numbers\n' });
  assert.equal(put.status, 201);
  for (const width of WIDTHS) {
    const d = await openDashboard(browser, originOf(app), '#/overview', { width });
    try {
      for (const [view, row] of TABLE_VIEWS) {
        await d.page.evaluate((h) => (location.hash = h), `#/${view}`);
        await d.page.waitForSelector(row);
        const found = await d.page.evaluate(() => ({
          scrolling: [...document.querySelectorAll('main .tbl-wrap')].map((w) => w.scrollWidth - w.clientWidth).filter((n) => n > 1),
          page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          outside: [...document.querySelectorAll<HTMLElement>('main table button')]
            .filter((b) => {
              const r = b.getBoundingClientRect();
              return r.left < 0 || r.right > innerWidth;
            })
            .map((b) => b.getAttribute('aria-label') ?? b.textContent),
        }));
        assert.deepEqual(found.scrolling, [], `${view} at ${width}px: a table scrolls sideways`);
        assert.ok(found.page <= 1, `${view} at ${width}px: the page scrolls sideways by ${found.page}px`);
        assert.deepEqual(found.outside, [], `${view} at ${width}px: buttons past the edge`);
        await d.shot(`table-${view.replace(/[/~]+/g, '-')}-${width}`);
      }
      assert.deepEqual(d.problems, []);
    } finally {
      await d.close();
    }
  }
});

test('dashboard browser: a request picked in the stacked Requests view (420 px) scrolls its detail into sight', async () => {
  for (let i = 0; i < 8; i++) await app.fetch(`/hello?n=${i}`);
  const shown = (id: string) =>
    document.querySelector(`[data-detail="${id}"]`) !== null &&
    (() => {
      const r = document.querySelector('[data-detail]')!.parentElement!.getBoundingClientRect();
      return scrollY > 0 && r.top >= -1 && (r.top <= 20 || r.bottom <= innerHeight + 1);
    })();
  const d = await openDashboard(browser, originOf(app), '#/requests', { width: 420 });
  try {
    const item = d.page.locator('a[data-request]').nth(2);
    const id = (await item.getAttribute('data-request'))!;
    await item.click();
    await d.page.waitForFunction(shown, id);
    await d.shot('requests-picked-420', { fullPage: false });
    // Back up to the list and pick another: the same again.
    await d.page.evaluate(() => scrollTo(0, 0));
    const other = d.page.locator('a[data-request]').nth(4);
    const otherId = (await other.getAttribute('data-request'))!;
    await other.click();
    await d.page.waitForFunction(shown, otherId);
    assert.deepEqual(d.problems, []);
  } finally {
    await d.close();
  }
  const wide = await openDashboard(browser, originOf(app), '#/requests', { width: 1280 });
  try {
    const item = wide.page.locator('a[data-request]').nth(2);
    const id = (await item.getAttribute('data-request'))!;
    await item.click();
    await wide.page.waitForSelector(`[data-detail="${id}"]`);
    assert.equal(await wide.page.evaluate(() => scrollY), 0, 'side by side, the page stays where it is');
    await wide.shot('requests-picked-1280', { fullPage: false });
  } finally {
    await wide.close();
  }
});

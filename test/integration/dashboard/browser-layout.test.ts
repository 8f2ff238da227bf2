// The dashboard's layout at 1280 and 420 px in a real browser: the overview charts share one time window and
// readable ticks; tables keep their actions in reach without sideways scrolling; a request picked in a stacked
// Requests view brings its detail into sight.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { TestApp } from '../../helpers/app-server.js';
import { launch, openDashboard } from './browser.js';
import { originOf, startDashboardApp } from './dashboard-app.js';

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

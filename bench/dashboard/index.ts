import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { startLocalhooks } from '../../runtime/app.js';
import { createLogger } from '../../runtime/logger.js';

const REPO = new URL('../../../', import.meta.url).pathname;
const DOCS = 10_000;
const INSTANCES = 1_000;
const BATCH = 1_000;
/** Each view is opened this many times in a fresh page; the median is printed. */
const RUNS = 5;

/** A view and the selector that says it has drawn its data. */
const VIEWS: [string, string][] = [
  ['#/overview', '[data-ready="overview"] .uplot'],
  ['#/workflows', 'tr[data-instance]'],
  ['#/requests', 'a.list-item'],
  ['#/data/summaries', 'tr[data-doc]'],
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * The dashboard's first render with a full data folder (10k documents, 1k workflow instances, LevelDB): time
 * from navigation start to each view showing its data, in headless Chromium.
 */
export async function run(log: (line: string) => void = console.log): Promise<Record<string, number>> {
  const dir = await mkdtemp(join(tmpdir(), 'lh-bench-dashboard-'));
  await cp(join(REPO, 'templates', 'llm-workflow'), dir, { recursive: true });
  await writeFile(join(dir, '.env'), 'GITHUB_WEBHOOK_SECRET=bench-secret-value\n');
  const lh = await startLocalhooks({ appDir: dir, port: 0, watch: false, logger: createLogger({ level: 'warn' }) });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  try {
    const t0 = performance.now();
    for (let i = 0; i < DOCS; i += BATCH) {
      const docs = Array.from({ length: BATCH }, (_, j) => ({ text: `Document ${i + j} about software development and testing.`, summary: `Summary ${i + j}`, n: i + j, cached: (i + j) % 3 === 0 }));
      await lh.backend.call('insertOne', ['summaries', docs]);
    }
    for (let i = 0; i < INSTANCES; i += BATCH) {
      const docs = Array.from({ length: Math.min(BATCH, INSTANCES - i) }, (_, j) => ({
        text: `Instance ${i + j}`,
        workflowName: 'summarize',
        nextStep: (i + j) % 10 === 0 ? 'callOpenAI' : null,
        previousStep: 'finish',
        createdAt: new Date(Date.now() - (INSTANCES - i - j) * 1000).toISOString(),
        updatedAt: new Date().toISOString(),
        stepCount: { start: { visits: 1, startTime: new Date().toISOString(), finishTime: new Date().toISOString(), totalTime: 2 } },
      }));
      await lh.backend.call('insertOne', ['workflowdata', docs]);
    }
    for (let i = 0; i < 200; i++) await fetch(`http://127.0.0.1:${lh.port}/dev/summaries`);
    log(`dashboard: ${DOCS} documents, ${INSTANCES} workflow instances, 200 requests stored in ${(performance.now() - t0).toFixed(0)} ms (LevelDB)`);
    const out: Record<string, number> = {};
    for (const [hash, ready] of VIEWS) {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        await page.goto(`http://127.0.0.1:${lh.port}/.localhooks/${hash}`);
        await page.waitForSelector(ready);
        times.push(await page.evaluate(() => performance.now()));
        await page.close();
      }
      out[hash] = median(times);
      log(`  ${hash.padEnd(18)} first render ${out[hash]!.toFixed(0).padStart(5)} ms   (median of ${RUNS}, navigation start → data drawn; target < 1000 ms)`);
    }
    return out;
  } finally {
    await browser.close();
    await lh.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await run();

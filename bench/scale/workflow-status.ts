import { mkdir } from 'node:fs/promises';
import type { ServerProcess } from '../server-process.js';
import { rssOf, sampleRss } from '../server-process.js';
import { WORKFLOW_APP } from './apps.js';
import { preload } from './preload.js';
import { appFolder, startApp } from './server.js';

const STEPS = ['step1', 'step2', 'step3', 'step4', 'step5'];

/** A `workflowdata` document as the SDK's engine leaves it: done, parked in a step, or failed. */
export function instanceDoc(i: number): Record<string, unknown> {
  const at = Math.min(STEPS.length, 1 + (i % 7));
  const created = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
  const stepCount: Record<string, unknown> = {};
  for (let s = 0; s < at; s++) stepCount[STEPS[s]!] = { visits: 1, startTime: created, finishTime: created, totalTime: 3 };
  const done = i % 7 >= 5;
  return {
    workflowName: i % 10 === 0 ? 'other' : 'bench',
    nextStep: done ? null : STEPS[at - 1],
    previousStep: at > 1 ? STEPS[at - 2] : null,
    stepCount,
    createdAt: created,
    updatedAt: created,
    ...(i % 13 === 0 ? { lastError: 'boom' } : {}),
    i,
    text: 'some state '.repeat(10),
  };
}

export interface AdminTiming {
  route: string;
  ms: number;
  rssGrowthMb: number;
}

/**
 * `n` workflow instances preloaded into `workflowdata`, then timed from outside a `localhooks dev` process: the
 * status report (`workflow-status`), and the instance list the dashboard pages through. RSS growth is the peak
 * during the call over the RSS before it.
 */
export async function workflowAdmin(n: number): Promise<AdminTiming[]> {
  const f = await appFolder('scale-wfstatus', WORKFLOW_APP);
  await mkdir(f.dataDir, { recursive: true });
  try {
    await preload(f.dataDir, 'workflowdata', 0, n, instanceDoc);
    const server = await startApp(f.appDir, f.dataDir);
    try {
      const out: AdminTiming[] = [];
      for (const route of ['/workflows/status', '/workflows/status', '/workflows/instances?limit=50&order=newest', '/workflows/instances?state=failed&limit=50', '/workflows/resume-urls']) {
        out.push(await timed(server, route));
      }
      return out;
    } finally {
      await server.stop();
    }
  } finally {
    await f.rm();
  }
}

async function timed(server: ServerProcess, route: string): Promise<AdminTiming> {
  const pid = server.child.pid!;
  const before = await rssOf(pid);
  const rss = sampleRss(pid, 5);
  const t = performance.now();
  const r = await fetch(`${server.origin}/.localhooks/api${route}`);
  await r.arrayBuffer();
  const ms = performance.now() - t;
  rss.stop();
  if (!r.ok) throw new Error(`${route}: ${r.status}`);
  return { route, ms, rssGrowthMb: Math.max(0, rss.peak() - before) / 2 ** 20 };
}

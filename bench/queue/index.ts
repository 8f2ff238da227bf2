/**
 * Queue and workflow throughput on a level store in a temp dir, beside the raw cost floor (the same number of
 * level batch writes, of the same size, issued back to back).
 * Run: `npm run build && node dist/bench/queue/index.js`. Targets: ≥ 2,000 jobs/s with workers 4;
 * ≥ 500 workflow step transitions/s.
 */
import { pathToFileURL } from 'node:url';
import { benchJobs, type JobsResult } from './jobs.js';
import { benchWorkflow, type WorkflowResult } from './workflow.js';

export const JOBS = 10_000;
export const WORKFLOW_INSTANCES = 1_000;
export const WORKFLOW_STEPS = 5;

export interface QueueBenchResult {
  jobs: JobsResult[];
  workflow: WorkflowResult | { skipped: string };
}

export async function run(log: (line: string) => void = console.log): Promise<QueueBenchResult> {
  const jobs: JobsResult[] = [];
  for (const workers of [1, 4]) {
    const r = await benchJobs(JOBS, workers);
    jobs.push(r);
    log(
      `queue: ${r.jobs} no-op jobs, workers ${r.workers}: ${Math.round(r.jobsPerSec)} jobs/s (${r.ms.toFixed(0)} ms; ` +
        `${r.batches} batches / ${r.ops} ops; floor ${r.floorMs.toFixed(0)} ms = ${Math.round((r.jobs / r.floorMs) * 1000)} jobs/s; ratio ${r.ratio.toFixed(2)}x)`,
    );
  }
  let workflow: QueueBenchResult['workflow'];
  try {
    const w = await benchWorkflow(WORKFLOW_INSTANCES, WORKFLOW_STEPS);
    workflow = w;
    log(
      `workflow: ${w.instances} instances x ${w.steps} steps: ${Math.round(w.transitionsPerSec)} step transitions/s (${w.ms.toFixed(0)} ms; ` +
        `${w.batches} batches / ${w.ops} ops; floor ${w.floorMs.toFixed(0)} ms; ratio ${w.ratio.toFixed(2)}x)`,
    );
  } catch (err) {
    workflow = { skipped: (err as Error).message };
    log(`workflow: skipped (${(err as Error).message})`);
  }
  return { jobs, workflow };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run();
}

/**
 * Queues, workflows and scale (issue 16, goals 5 and 6), each figure beside its baseline from the same run:
 *   queue       no-op jobs (one `incr`, workers 4) through a `localhooks dev` process   vs raw level batches
 *   workflow    5-step workflow transitions through the server                         vs raw level batches
 *   backlog     drain rate of a 100k backlog                                            vs a 1k backlog
 *   scale       10k / 100k (/ 1M with BENCH_SCALE_1M=1) documents: insert, indexed equality query (100
 *               results), unindexed scan, count, server RSS                            vs the 10k row
 *   wf-admin    workflow-status and the instance list over 100k instances             (targets < 500 ms, < 50 MB)
 * Run: `npm run build && node dist/bench/scale/index.js [queue workflow backlog scale wf-admin]`.
 */
import { pathToFileURL } from 'node:url';
import { backlogDrain } from './backlog.js';
import { scaleTable, type ScaleRow } from './docs.js';
import { queueThroughput, workflowThroughput, type Throughput } from './queue.js';
import { workflowAdmin } from './workflow-status.js';
import { median } from './server.js';

const JOBS = Number(process.env.BENCH_JOBS ?? 5000);
const WF_INSTANCES = Number(process.env.BENCH_WF_INSTANCES ?? 600);
const WF_ADMIN_INSTANCES = 100_000;
const SIZES = process.env.BENCH_SCALE_1M === '1' ? [10_000, 100_000, 1_000_000] : [10_000, 100_000];

const r0 = (x: number) => Math.round(x).toLocaleString('en-US');

export async function run(log: (line: string) => void = console.log, only: string[] = []): Promise<void> {
  const want = (name: string) => only.length === 0 || only.includes(name);
  const through = (what: string, unit: string, r: Throughput, target: number) =>
    log(`${what}: ${r0(r.perSec)} ${unit}/s (${r.n} in ${r0(r.ms)} ms; target ≥ ${r0(target)}) | level floor ${r0(r.floorPerSec)} ${unit}/s | ratio ${(r.perSec / r.floorPerSec).toFixed(2)} of floor`);
  if (want('queue')) through(`queue: ${JOBS} no-op jobs (one incr), workers 4, via the app`, 'jobs', await queueThroughput(JOBS), 4000);
  if (want('workflow')) through(`workflow: ${WF_INSTANCES} instances x 5 steps, via the app`, 'transitions', await workflowThroughput(WF_INSTANCES), 1500);
  if (want('backlog')) {
    await backlogDrain(1000); // warm-up: the first drain in a process pays for compiling the code
    // A 1k drain lasts a few hundred ms: the median of five, beside one 100k drain.
    const small = [];
    for (let k = 0; k < 5; k++) small.push((await backlogDrain(1000)).perSec);
    const smallRate = median(small);
    const big = await backlogDrain(100_000);
    log(`backlog: drain 1k ${r0(smallRate)} jobs/s (median of 5) | 100k ${r0(big.perSec)} jobs/s (reopen over it ${r0(big.openMs)} ms) | ratio ${(big.perSec / smallRate).toFixed(2)} (target ≈ 1)`);
  }
  if (want('scale')) {
    log(`scale: docs      insert/s   eq(100) ms   scan docs/s   count ms   RSS MB   (ratios vs the first row)`);
    let first: ScaleRow | undefined;
    await scaleTable(SIZES, (row) => {
      first ??= row;
      log(
        `scale: ${row.docs.toLocaleString('en-US').padStart(9)} ${r0(row.insertPerSec).padStart(9)} (${(row.insertPerSec / first.insertPerSec).toFixed(2)})` +
          ` ${row.eqMs.toFixed(1).padStart(6)} [${row.eqResults}] ${r0(row.scanPerSec).padStart(9)} (${(row.scanPerSec / first.scanPerSec).toFixed(2)})` +
          ` ${row.countMs.toFixed(0).padStart(8)} ${row.rssMb.toFixed(0).padStart(8)}`,
      );
    });
  }
  if (want('wf-admin')) {
    for (const t of await workflowAdmin(WF_ADMIN_INSTANCES)) {
      log(`wf-admin: ${WF_ADMIN_INSTANCES / 1000}k instances, GET ${t.route}: ${r0(t.ms)} ms, RSS +${t.rssGrowthMb.toFixed(0)} MB (targets < 500 ms, < 50 MB)`);
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await run(console.log, process.argv.slice(2));

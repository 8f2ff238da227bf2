import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../runtime/clock.js';
import { createLogger } from '../../runtime/logger.js';
import { openStore } from '../../runtime/storage/index.js';
import { createQueueBroker } from '../../runtime/queue/index.js';
import { CountingStore, writeFloorMs } from './counting-store.js';

export interface JobsResult {
  jobs: number;
  workers: number;
  ms: number;
  jobsPerSec: number;
  batches: number;
  ops: number;
  floorMs: number;
  /** Measured time over the floor's time: what the broker costs beyond the writes themselves. */
  ratio: number;
}

/** Enqueues `jobs` no-op items one `await` at a time (as an app's loop does) while workers drain them. */
export async function benchJobs(jobs: number, workers: number): Promise<JobsResult> {
  const dir = await mkdtemp(join(tmpdir(), 'lh-bench-queue-'));
  try {
    const level = await openStore({ backend: 'level', path: join(dir, 'db') });
    const store = new CountingStore(level);
    const broker = await createQueueBroker({ store, clock: systemClock, logger: createLogger({ level: 'silent' }) });
    let done = 0;
    let finish!: () => void;
    const allDone = new Promise<void>((r) => (finish = r));
    broker.attach({ noop: { workers } }, async () => {
      if (++done === jobs) finish();
    });
    const started = performance.now();
    for (let i = 0; i < jobs; i++) await broker.enqueue('noop', { i, to: 'someone@example.com' });
    await allDone;
    const ms = performance.now() - started;
    await broker.close();
    const load = { batches: store.batches, ops: store.ops, bytes: store.bytes };
    await store.close();

    const floorStore = await openStore({ backend: 'level', path: join(dir, 'floor') });
    const floorMs = await writeFloorMs(floorStore, load);
    await floorStore.close();
    return { jobs, workers, ms, jobsPerSec: (jobs / ms) * 1000, batches: load.batches, ops: load.ops, floorMs, ratio: ms / floorMs };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

import { join } from 'node:path';
import { openStore, type BatchOp, type Store } from '../../runtime/storage/index.js';
import { QUEUE_APP, WORKFLOW_APP } from './apps.js';
import { appFolder, json, startApp, waitDone } from './server.js';

export interface Throughput {
  n: number;
  ms: number;
  perSec: number;
  floorMs: number;
  floorPerSec: number;
}

/**
 * `n` no-op jobs (one `incr` each, `workers: 4`) through a `localhooks dev` process: a route enqueues them one
 * `await` at a time while the workers drain them; timed until the counter reaches `n`. The floor: raw level, two
 * awaited batches per job (the enqueue; the done record, counter and `incr`), back to back.
 */
export async function queueThroughput(n: number): Promise<Throughput> {
  const f = await appFolder('scale-queue', QUEUE_APP);
  try {
    const server = await startApp(f.appDir, f.dataDir);
    try {
      await json(server, '/fill', { n: 200 });
      await waitDone(server, 200);
      const t = performance.now();
      await json(server, '/fill', { n });
      const end = await waitDone(server, n + 200);
      const ms = end - t;
      const floorMs = await levelFloor(join(f.dir, 'floor'), n, 2, 220);
      return { n, ms, perSec: (n / ms) * 1000, floorMs, floorPerSec: (n / floorMs) * 1000 };
    } finally {
      await server.stop();
    }
  } finally {
    await f.rm();
  }
}

/**
 * `instances` runs of a 5-step linear workflow through a `localhooks dev` process (the app's own SDK engine).
 * A transition is one step run. Floor: raw level, two awaited batches per transition (the step's queue item;
 * its instance document write and the item's done record), back to back.
 */
export async function workflowThroughput(instances: number): Promise<Throughput> {
  const f = await appFolder('scale-wf', WORKFLOW_APP);
  try {
    const server = await startApp(f.appDir, f.dataDir);
    try {
      await json(server, '/start', { n: 20 });
      await waitDone(server, 20);
      const t = performance.now();
      await json(server, '/start', { n: instances });
      const end = await waitDone(server, instances + 20);
      const ms = end - t;
      const n = instances * 5;
      const floorMs = await levelFloor(join(f.dir, 'floor'), n, 2, 600);
      return { n, ms, perSec: (n / ms) * 1000, floorMs, floorPerSec: (n / floorMs) * 1000 };
    } finally {
      await server.stop();
    }
  } finally {
    await f.rm();
  }
}

/** `n × batchesPer` awaited level batches of one `bytes`-sized put each, back to back (ms). */
async function levelFloor(path: string, n: number, batchesPer: number, bytes: number): Promise<number> {
  const store: Store = await openStore({ backend: 'level', path });
  try {
    const value = 'x'.repeat(bytes);
    const t = performance.now();
    for (let i = 0; i < n * batchesPer; i++) {
      const ops: BatchOp[] = [{ type: 'put', key: `floor/${String(i).padStart(24, '0')}`, value }];
      await store.batch(ops);
    }
    return performance.now() - t;
  } finally {
    await store.close();
  }
}

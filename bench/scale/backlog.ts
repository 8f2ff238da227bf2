import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../runtime/clock.js';
import { createLogger } from '../../runtime/logger.js';
import { openStore } from '../../runtime/storage/index.js';
import { createDataServices } from '../../runtime/services.js';

/** Enqueued per `Promise.all` while filling: the broker's write batcher merges them. */
const FILL_CHUNK = 1000;

/**
 * A backlog of `n` items (written while no worker is attached, then the broker reopened from disk, as after a
 * restart), drained by a no-op worker (one `incr`) with `workers: 4`, in-process on a level store. Returns
 * jobs/s of the drain and the time to reopen the broker over the backlog.
 */
export async function backlogDrain(n: number): Promise<{ n: number; openMs: number; drainMs: number; perSec: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'lh-bench-backlog-'));
  const logger = createLogger({ level: 'silent' });
  try {
    let store = await openStore({ backend: 'level', path: join(dir, 'db') });
    let s = await createDataServices({ store, clock: systemClock, logger });
    for (let i = 0; i < n; i += FILL_CHUNK) {
      const chunk = [];
      for (let j = i; j < Math.min(n, i + FILL_CHUNK); j++) chunk.push(s.broker.enqueue('noop', { i: j, to: 'someone@example.com' }));
      await Promise.all(chunk);
    }
    await s.broker.close();
    await s.datastore.close();
    await store.close();

    store = await openStore({ backend: 'level', path: join(dir, 'db') });
    const opened = performance.now();
    s = await createDataServices({ store, clock: systemClock, logger });
    const openMs = performance.now() - opened;
    let done = 0;
    let finish!: () => void;
    const all = new Promise<void>((r) => (finish = r));
    const t = performance.now();
    s.broker.attach({ noop: { workers: 4 } }, async () => {
      await s.datastore.call('incr', ['done', 1]);
      if (++done === n) finish();
    });
    await all;
    const drainMs = performance.now() - t;
    await s.broker.close();
    await s.datastore.close();
    await store.close();
    return { n, openMs, drainMs, perSec: (n / drainMs) * 1000 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

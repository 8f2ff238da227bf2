import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { prefixRange } from '../../../runtime/storage/index.js';
import type { QueueRecord } from '../../../runtime/queue/index.js';
import { openHarness, tempDir, waitFor } from '../../helpers/queue-harness.js';

const dist = (p: string): string => new URL(`../../../runtime/${p}`, import.meta.url).href;

/** The child enqueues to a level store, prints each id once `enqueue` resolved, and works slowly. */
const CHILD = `
import { openStore } from ${JSON.stringify(dist('storage/index.js'))};
import { createQueueBroker } from ${JSON.stringify(dist('queue/index.js'))};
import { systemClock } from ${JSON.stringify(dist('clock.js'))};
import { createLogger } from ${JSON.stringify(dist('logger.js'))};
const store = await openStore({ backend: 'level', path: process.argv[2] });
const broker = await createQueueBroker({ store, clock: systemClock, logger: createLogger({ level: 'silent' }), options: { doneHistory: 1e6 } });
broker.attach({ work: { workers: 2 } }, async (_t, payload) => {
  await new Promise((r) => setTimeout(r, 15));
  process.stdout.write('done ' + payload.i + '\\n');
});
for (let i = 0; ; i++) {
  const rec = await broker.enqueue('work', { i });
  process.stdout.write('id ' + rec._id + '\\n');
}
`;

test('Q-06 process kill: every id printed after enqueue resolved survives SIGKILL and is delivered', async () => {
  const dir = await tempDir('lh-queue-kill-');
  try {
    const script = join(dir.path, 'child.mjs');
    await writeFile(script, CHILD);
    const data = join(dir.path, 'data');
    const child = spawn(process.execPath, [script, data], { stdio: ['ignore', 'pipe', 'inherit'] });
    const printed: string[] = [];
    let doneInChild = 0;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('id ')) printed.push(line.slice(3));
      if (line.startsWith('done ')) doneInChild++;
    });
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, signal) => r(signal)));
    await waitFor(() => printed.length >= 300 && doneInChild >= 3, 'the child to enqueue and process', 20_000);
    child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL');

    const h = await openHarness({ path: data });
    try {
      const states = new Map<string, QueueRecord['state']>();
      for await (const [, v] of h.store.entries(prefixRange('queue/item/'))) {
        const rec = JSON.parse(v) as QueueRecord;
        states.set(rec._id, rec.state);
      }
      const missing = printed.filter((id) => !states.has(id));
      assert.deepEqual(missing, [], 'every acknowledged id is in the store');
      for (const id of printed) assert.ok(['waiting', 'leased', 'done'].includes(states.get(id)!), `${id}: ${states.get(id)}`);
      const pending = new Set(printed.filter((id) => states.get(id) !== 'done'));
      assert.ok(pending.size > 0, 'some items were still queued at the kill');
      const delivered = new Set<string>();
      h.broker.attach({ work: { workers: 4 } }, async (_t, _p, meta) => void delivered.add(meta.id));
      await waitFor(() => [...pending].every((id) => delivered.has(id)), 'every pending id delivered', 20_000);
    } finally {
      await h.close();
    }
  } finally {
    await dir.remove();
  }
});

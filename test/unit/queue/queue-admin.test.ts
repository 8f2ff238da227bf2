import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runQueueStatus } from '../../../runtime/cli/commands/queue-status.js';
import { ADMIN_API } from '../../../runtime/admin/prefix.js';
import { storesTest, waitFor } from '../../helpers/queue-harness.js';
import { captureIo, freePort, startAdminServer } from '../../helpers/queue-admin.js';

// On memory and on PostgreSQL (dead letters and scheduled items kept in either store).
storesTest('Q-10 admin: GET /queues and /queues/dead report the broker; queue-status renders text, compact, json and --dead', async (open) => {
  const h = await open({ options: { maxAttempts: 1 } });
  const server = await startAdminServer({ broker: h.broker });
  try {
    h.broker.attach({ mail: { workers: 2 }, bad: {} }, async (topic) => {
      if (topic === 'bad') throw new Error('smtp refused');
    });
    await h.broker.enqueue('mail', { to: 'a' });
    await h.broker.enqueue('bad', { to: 'b' });
    await h.broker.enqueue('nobody', { x: 1 });
    await h.broker.runAt(h.clock.now() + 60_000, {}, 'mail');
    await waitFor(() => h.broker.status().find((t) => t.topic === 'bad')?.dead === 1, 'dead letter');

    const res = await fetch(`${server.origin}${ADMIN_API}/queues`);
    const { topics } = (await res.json()) as { topics: { topic: string }[] };
    assert.deepEqual(topics.map((t) => t.topic), ['bad', 'mail', 'nobody']);

    const text = captureIo();
    assert.equal(await runQueueStatus(['--url', server.origin], text), 0);
    assert.match(text.stdout(), /^Queue Status\n============\n/);
    assert.match(text.stdout(), /\nmail\s+2\s+0\s+1\s+0\s+0\s+1\s+0\n/);
    assert.match(text.stdout(), /\nnobody\s+-\s+1\s+0/);
    assert.match(text.stdout(), /Total: 3 topic\(s\), 1 waiting, 1 scheduled, 0 leased, 0 failed, 1 done, 1 dead/);

    const compact = captureIo();
    await runQueueStatus(['--url', server.origin, '--format', 'compact'], compact);
    assert.match(compact.stdout(), /^bad workers=1 waiting=0 scheduled=0 leased=0 failed=0 done=0 dead=1$/m);

    const json = captureIo();
    await runQueueStatus(['--url', server.origin, '--format', 'json'], json);
    assert.equal((JSON.parse(json.stdout()) as unknown[]).length, 3);

    const dead = captureIo();
    await runQueueStatus(['--url', server.origin, '--dead', '--topic', 'bad'], dead);
    assert.match(dead.stdout(), /Dead letters \(1\)/);
    assert.match(dead.stdout(), /error:\s+smtp refused/);
    assert.match(dead.stdout(), /payload: \{"to":"b"\}/);

    const live = captureIo({ maxFrames: 2 });
    await runQueueStatus(['--url', server.origin, '--follow'], live);
    assert.equal(live.stdout().split('Queue Status (Live) - Press Ctrl+C to exit').length, 3);
  } finally {
    await server.close();
    await h.close();
  }
});

test('CLI queue-status: no server → a clear message naming the address and exit code 1', async () => {
  const port = await freePort();
  const io = captureIo({ env: { PORT: String(port) } });
  assert.equal(await runQueueStatus([], io), 1);
  assert.equal(io.stderr(), `No localhooks server at http://localhost:${port} — start one with: localhooks dev\n`);
  const bad = captureIo();
  assert.equal(await runQueueStatus(['--format', 'xml'], bad), 1);
  assert.match(bad.stderr(), /--format: expected text, compact or json/);
});

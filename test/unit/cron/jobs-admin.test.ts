import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../../runtime/clock.js';
import { createMemoryLogger } from '../../../runtime/logger.js';
import { createCronService } from '../../../runtime/cron/index.js';
import { runJobs } from '../../../runtime/cli/commands/jobs.js';
import { ADMIN_API } from '../../../runtime/admin/prefix.js';
import { captureIo, freePort, startAdminServer } from '../../helpers/queue-admin.js';

test('JOB admin: GET /jobs lists jobs; POST /jobs/:ref/run runs one; localhooks jobs renders and runs', async () => {
  const clock = new FakeClock(Date.UTC(2026, 0, 1));
  const cron = createCronService({ clock, logger: createMemoryLogger() });
  const ran: string[] = [];
  cron.schedule(
    [
      { id: 'tick', expr: '*/5 * * * *' },
      { id: 'bad', expr: '61 * * * *' },
      { id: 'boom', expr: '0 3 * * *' },
    ],
    async (id) => {
      ran.push(id);
      if (id === 'boom') throw new Error('no disk');
    },
  );
  const server = await startAdminServer({ cron });
  try {
    const { jobs } = (await (await fetch(`${server.origin}${ADMIN_API}/jobs`)).json()) as { jobs: { expr: string }[] };
    assert.deepEqual(jobs.map((j) => j.expr), ['*/5 * * * *', '61 * * * *', '0 3 * * *']);

    const list = captureIo();
    assert.equal(await runJobs(['--url', server.origin], list), 0);
    assert.match(list.stdout(), /^#\s+expression\s+next run\s+last run\s+status$/m);
    assert.match(list.stdout(), /^1\s+\*\/5 \* \* \* \*\s+2026-01-01 00:05:00Z\s+-\s+idle$/m);
    assert.match(list.stdout(), /^2\s+61 \* \* \* \*\s+-\s+-\s+invalid: 61 is a invalid expression for minute$/m);

    const byIndex = captureIo();
    assert.equal(await runJobs(['run', '1', '--url', server.origin], byIndex), 0);
    assert.equal(byIndex.stdout(), "Job #1 '*/5 * * * *' ran in 0 ms\n");

    const byExpr = captureIo();
    assert.equal(await runJobs(['run', '0 3 * * *', '--url', server.origin], byExpr), 1);
    assert.equal(byExpr.stdout(), "Job #3 '0 3 * * *' failed after 0 ms: no disk\n");
    assert.deepEqual(ran, ['tick', 'boom']);

    const unknown = captureIo();
    assert.equal(await runJobs(['run', '9', '--url', server.origin], unknown), 1);
    assert.match(unknown.stderr(), /^localhooks jobs: no cron job '9'/);

    const res = await fetch(`${server.origin}${ADMIN_API}/jobs/9/run`, { method: 'POST' });
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { code: string }).code, 'LH_CRON_UNKNOWN_JOB');
  } finally {
    cron.stop();
    await server.close();
  }
});

test('CLI jobs: no server → clear message and exit 1; bad subcommand → usage', async () => {
  const port = await freePort();
  const io = captureIo();
  assert.equal(await runJobs(['--port', String(port)], io), 1);
  assert.equal(io.stderr(), `No localhooks server at http://localhost:${port} — start one with: localhooks dev\n`);
  const bad = captureIo();
  assert.equal(await runJobs(['frobnicate', '--port', String(port)], bad), 1);
  assert.match(bad.stderr(), /expected "run <index\|expression>"/);
});

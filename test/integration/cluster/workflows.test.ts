import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_API } from '../../../runtime/admin/prefix.js';
import type { WorkflowStatusReport } from '../../../runtime/workflow/index.js';
import { FIXTURES, waitFor } from '../../helpers/app-server.js';
import { startDev, type DevProcess } from '../../helpers/dev-process.js';
import { testDatabase } from '../../helpers/postgres.js';

// The seed's summarizer, unchanged, served by three processes on one database; workflows started through each.
let procs: DevProcess[] = [];
let dir = '';

before(async () => {
  const url = await testDatabase();
  dir = await mkdtemp(join(tmpdir(), 'lh-cluster-wf-'));
  procs = await Promise.all(
    [1, 2, 3].map((n) =>
      startDev(
        [join(FIXTURES, 'summarizer'), '--store', url, '--llm', 'offline', '--data', join(dir, `data${n}`), '--build-dir', join(dir, `build${n}`), ...(n === 1 ? ['--admin'] : [])],
        {},
        'serve',
      ),
    ),
  );
});

after(async () => {
  await Promise.all(procs.map((p) => p.stop()));
  await rm(dir, { recursive: true, force: true });
});

test('cluster workflows: WF-10 summarize instances started through three processes all reach finish', async () => {
  const texts = Array.from({ length: 6 }, (_, i) => `Report ${i}: the cluster ran step ${i} of the plan. Every process shares one database. Results were stored once.`);
  const ids = await Promise.all(
    texts.map(async (text, i) => {
      const r = await fetch(`${procs[i % 3]!.url}/summaries`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
      assert.equal(r.status, 200);
      return ((await r.json()) as { _id: string })._id;
    }),
  );
  assert.equal(new Set(ids).size, 6);
  // The admin API of process 1 reads the shared workflow records, whichever process ran the steps.
  const report = await waitFor(
    async () => {
      const res = await fetch(`${procs[0]!.origin}${ADMIN_API}/workflows/status`, { headers: { 'x-localhooks-client': 'test' } });
      const w = ((await res.json()) as WorkflowStatusReport).workflows.find((x) => x.workflowName === 'summarize');
      return w && w.completed === 6 && w.active === 0 ? w : undefined;
    },
    { timeout: 30_000, interval: 100, what: 'six completed summarize instances' },
  );
  assert.equal(report!.distribution.finish, 6);
  const stored = (await (await fetch(`${procs[2]!.url}/summaries`)).json()) as { text: string }[];
  assert.deepEqual(stored.map((s) => s.text).sort(), [...texts].sort());
});

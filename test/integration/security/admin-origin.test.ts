import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../../helpers/app-server.js';
import { runJobs } from '../../../runtime/cli/commands/jobs.js';
import { counts, send, startSecurityApp } from './security-app.js';

let app: TestApp;
let port: number;
before(async () => {
  app = await startSecurityApp();
  port = app.lh.port;
});
after(() => app?.close());

const RUN = '/.localhooks/api/jobs/1/run';

test('admin: a cross-origin page cannot read the admin API (Origin or Sec-Fetch-Site) → 403 LH_ADMIN_CROSS_ORIGIN', async () => {
  const probes: Record<string, string>[] = [
    { origin: 'https://evil.example' },
    // A front-end on another loopback port may call the app, not the admin API.
    { origin: 'http://localhost:5173' },
    { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'image' },
    { 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'cors' },
  ];
  for (const headers of probes) {
    const res = await send(port, '/.localhooks/api/env', { headers });
    assert.equal(res.status, 403, JSON.stringify(headers));
    assert.equal(res.json.code, 'LH_ADMIN_CROSS_ORIGIN');
    assert.equal(res.headers['access-control-allow-origin'], undefined);
  }
});

test('admin: same-origin pages, tools without Origin and followed links are answered', async () => {
  const ok: Record<string, string>[] = [
    {},
    { origin: `http://localhost:${port}`, 'sec-fetch-site': 'same-origin' },
    { 'sec-fetch-site': 'none', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' },
    { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' },
  ];
  for (const headers of ok) assert.equal((await send(port, '/.localhooks/api/env', { headers })).status, 200, JSON.stringify(headers));
});

test('admin: a cross-site POST (Origin evil) does not run a cron job → 403 LH_ADMIN_CROSS_ORIGIN', async () => {
  const before = (await counts(app)).jobRuns;
  const res = await send(port, RUN, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, body: '{}' });
  assert.equal(res.status, 403);
  assert.equal(res.json.code, 'LH_ADMIN_CROSS_ORIGIN');
  assert.equal((await counts(app)).jobRuns, before);
});

test('admin: a state-changing call without JSON body or x-localhooks-client → 403 LH_ADMIN_CSRF, nothing runs', async () => {
  const before = (await counts(app)).jobRuns;
  for (const headers of [{} as Record<string, string>, { 'content-type': 'application/x-www-form-urlencoded' }, { 'content-type': 'text/plain' }, { 'content-type': 'multipart/form-data; boundary=x' }]) {
    const res = await send(port, RUN, { method: 'POST', headers, body: 'a=1' });
    assert.equal(res.status, 403, JSON.stringify(headers));
    assert.equal(res.json.code, 'LH_ADMIN_CSRF');
    assert.match(res.json.error!, /x-localhooks-client/);
  }
  assert.equal((await counts(app)).jobRuns, before);
});

test('admin: the same call with a JSON body, the x-localhooks-client header, or from the CLI runs the job', async () => {
  const before = (await counts(app)).jobRuns;
  assert.equal((await send(port, RUN, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status, 200);
  assert.equal((await send(port, RUN, { method: 'POST', headers: { 'x-localhooks-client': 'curl' } })).status, 200);
  assert.equal((await send(port, RUN, { method: 'POST', headers: { origin: `http://localhost:${port}`, 'content-type': 'application/json' }, body: '{}' })).status, 200);
  const out: string[] = [];
  const code = await runJobs(['run', '1', '--port', String(port)], {
    fetch: globalThis.fetch,
    out: (t) => void out.push(t),
    err: (t) => void out.push(t),
    env: {},
    isTTY: false,
    sleep: async () => {},
  });
  assert.equal(code, 0, out.join(''));
  assert.equal((await counts(app)).jobRuns, before + 4);
});

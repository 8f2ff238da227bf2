// The dashboard page: served at /.localhooks/ with its CSP, under the admin API's origin rules; the overview,
// the live event stream, and Swagger UI's assets for an app's app.openapi() page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DASHBOARD_CSP } from '../../../runtime/dashboard/index.js';
import { REPO_ROOT, waitFor, type TestApp } from '../../helpers/app-server.js';
import { openSse } from '../../helpers/sse.js';
import { send } from '../security/security-app.js';
import { admin, originOf, startDashboardApp } from './dashboard-app.js';

let app: TestApp;
before(async () => {
  app = await startDashboardApp();
});
after(() => app.close());

test('dashboard page: /.localhooks/ serves the page with a CSP; /.localhooks, /ui, /dashboard and /index.html lead to it', async () => {
  const res = await fetch(`${originOf(app)}/.localhooks/`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type')!, /text\/html/);
  assert.equal(res.headers.get('content-security-policy'), DASHBOARD_CSP);
  assert.match(DASHBOARD_CSP, /script-src 'self'/);
  assert.match(DASHBOARD_CSP, /frame-ancestors 'none'/);
  const html = await res.text();
  assert.match(html, /assets\/app\.js/);
  assert.doesNotMatch(html, /https?:\/\//, 'the page loads nothing from elsewhere');
  for (const alias of ['', '?next=//evil.example', '/ui', '/dashboard', '/index.html']) {
    const r = await fetch(`${originOf(app)}/.localhooks${alias}`, { redirect: 'manual' });
    assert.equal(r.status, 302, alias);
    assert.equal(r.headers.get('location'), '/.localhooks/');
    assert.equal(await r.text(), '', 'a redirect carries nothing else');
  }
  const js = await fetch(`${originOf(app)}/.localhooks/assets/app.js`);
  assert.equal(js.status, 200);
  assert.match(js.headers.get('content-type')!, /javascript/);
  const missing = await admin(app, '/.localhooks/assets/secrets.txt');
  assert.equal(missing.status, 404);
  assert.equal(missing.body.code, 'LH_DASHBOARD_NOT_FOUND');
});

test('dashboard page: the JavaScript and CSS gzipped stay under 300 KB', () => {
  const dir = join(REPO_ROOT, 'dist', 'dashboard');
  const size = ['app.js', 'app.css'].reduce((n, f) => n + gzipSync(readFileSync(join(dir, f)), { level: 9 }).byteLength, 0);
  assert.ok(size < 300 * 1024, `${size} bytes gzipped`);
});

test('dashboard page: other sites cannot load it or call its API; its writes need JSON or the client header', async () => {
  for (const path of ['/.localhooks/', '/.localhooks']) {
    const foreign = await fetch(`${originOf(app)}${path}`, { headers: { origin: 'https://evil.example' }, redirect: 'manual' });
    assert.equal(foreign.status, 403, path);
  }
  const framed = await fetch(`${originOf(app)}/.localhooks/api/overview`, { headers: { 'sec-fetch-site': 'cross-site' } });
  assert.equal(framed.status, 403);
  const form = await fetch(`${originOf(app)}/.localhooks/api/webhooks/send`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'provider=github' });
  assert.equal(form.status, 403);
  assert.equal(((await form.json()) as { code: string }).code, 'LH_ADMIN_CSRF');
});

test('dashboard page: /.localhooks without the slash passes the same Host checks as the page before it redirects', async () => {
  const tunnel = await startDashboardApp({ allowedHosts: ['my-box.ts.net'] });
  try {
    const port = tunnel.lh.port;
    const rebound = await send(port, '/.localhooks', { host: `evil.example:${port}` });
    assert.equal(rebound.status, 403);
    assert.equal(rebound.json.code, 'LH_HOST_NOT_ALLOWED');
    assert.equal(rebound.headers.location, undefined);
    for (const path of ['/.localhooks', '/.localhooks/']) {
      const viaTunnel = await send(port, path, { host: 'my-box.ts.net' });
      assert.equal(viaTunnel.status, 403, path);
      assert.equal(viaTunnel.json.code, 'LH_ADMIN_FORBIDDEN', path);
      assert.equal(viaTunnel.headers.location, undefined, path);
    }
    assert.equal((await send(port, '/.localhooks', { host: `localhost:${port}` })).status, 302);
  } finally {
    await tunnel.close();
  }
});

test('dashboard overview: manifest, build state, API docs link and chart series', async () => {
  await app.fetch('/hello');
  const o = await admin(app, '/overview');
  assert.equal(o.status, 200);
  assert.equal(o.body.build.status, 'ok');
  assert.equal(o.body.build.error, null);
  assert.ok(o.body.manifest.routes.includes('POST /hooks/:provider'));
  assert.deepEqual(o.body.manifest.workflows, [{ name: 'approval', steps: ['start', 'waitApproval', 'finish'] }]);
  assert.deepEqual(o.body.manifest.jobs, ['0 3 * * *']);
  assert.deepEqual(o.body.manifest.workers.map((w: { topic: string }) => w.topic), ['fails']);
  assert.deepEqual(o.body.apiDocs, ['/dev/openapi.json', '/dev/docs']);
  const s = await admin(app, '/overview/series');
  assert.equal(s.body.requests.t.length, 600);
  assert.equal(s.body.windowSeconds, 600);
  assert.ok(s.body.requests.rate.reduce((a: number, b: number) => a + b, 0) >= 1);
  assert.ok(s.body.queues.t.length >= 1);
});

test('dashboard events: one stream carries new requests and workflow changes as they happen', async () => {
  const sse = await openSse(`${originOf(app)}/.localhooks/api/events`);
  try {
    assert.equal(sse.status, 200);
    await sse.until((ev) => ev.some((e) => (e as { build?: unknown }).build !== undefined), 'hello');
    await app.fetch('/hello?live=1');
    await sse.until((ev) => ev.some((e) => (e as { url?: string }).url === '/dev/hello?live=1'), 'the request event');
    await app.fetch('/approvals', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    await sse.until((ev) => ev.some((e) => (e as { workflowName?: string }).workflowName === 'approval'), 'a workflow event');
  } finally {
    sse.close();
  }
});

test("OAPI-01/08 AMB 33 API docs: the app's app.openapi() page points at localhooks' own Swagger UI assets, which are served", async () => {
  const page = await app.fetch('/docs');
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.doesNotMatch(html, /unpkg\.com/);
  assert.match(html, /\/\.localhooks\/vendor\/swagger-ui\/swagger-ui-bundle\.js/);
  for (const f of ['swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'swagger-ui.css']) {
    const r = await fetch(`${originOf(app)}/.localhooks/vendor/swagger-ui/${f}`);
    assert.equal(r.status, 200, f);
    assert.ok((await r.arrayBuffer()).byteLength > 1000, f);
  }
  const spec = await app.json<{ paths: Record<string, unknown> }>('/openapi.json');
  assert.ok(spec.body.paths['/hello'], 'the spec lists the routes');
});

test('dashboard overview: a build error is reported with its code frame while the app cannot serve', async () => {
  const broken = await startDashboardApp();
  try {
    await broken.write('index.js', "import { app } from 'codehooks-js';\napp.get('/x', (req, res) => res.json({ ok: true })\nexport default app.init();\n");
    broken.lh.reload.trigger('source', 'index.js');
    const o = await waitFor(async () => {
      const r = await admin(broken, '/overview');
      return r.body.build.status === 'error' ? r.body : null;
    }, { what: 'the build error' });
    assert.match(o.build.error, /index\.js:3:/);
    assert.match(o.build.error, /│/, "esbuild's code frame");
    assert.equal(o.build.generation, 1, 'the previous version keeps serving');
    assert.equal((await broken.fetch('/hello')).status, 200);
  } finally {
    await broken.close();
  }
});

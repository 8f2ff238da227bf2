// A real browser attacks the app: pages from a foreign site (evil.example, resolved to 127.0.0.2) and from an
// allowed loopback origin run the same probes against app routes and the admin API.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TestApp } from '../../helpers/app-server.js';
import { counts, startSecurityApp } from './security-app.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The probes a page runs; each resolves with what the page could see. */
const PROBES = `
window.probes = {
  async read(url) {
    try { const r = await fetch(url); return 'read ' + r.status + ' ' + (await r.text()); } catch (e) { return 'blocked ' + e.name; }
  },
  async readWithCredentials(url) {
    try { const r = await fetch(url, { credentials: 'include' }); return 'read ' + r.status + ' ' + (await r.text()); } catch (e) { return 'blocked ' + e.name; }
  },
  async postJson(url, body) {
    try {
      const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return 'read ' + r.status + ' ' + (await r.text());
    } catch (e) { return 'blocked ' + e.name; }
  },
  async postSimple(url) {
    try { const r = await fetch(url, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: 'plain' }); return 'sent ' + r.type; } catch (e) { return 'blocked ' + e.name; }
  },
  form(url, fields) {
    return new Promise((resolve) => {
      const frame = document.createElement('iframe');
      frame.name = 'sink' + Math.random().toString(36).slice(2);
      document.body.append(frame);
      const form = document.createElement('form');
      form.method = 'POST';
      form.action = url;
      form.target = frame.name;
      for (const [k, v] of Object.entries(fields)) {
        const input = document.createElement('input');
        input.name = k;
        input.value = v;
        form.append(input);
      }
      document.body.append(form);
      frame.addEventListener('load', () => resolve('submitted'), { once: true });
      form.submit();
    });
  },
  img(url) {
    return new Promise((resolve) => {
      const img = new Image();
      img.onload = () => resolve('img load');
      img.onerror = () => resolve('img error');
      img.src = url;
    });
  },
  script(url) {
    return new Promise((resolve) => {
      const s = document.createElement('script');
      s.onload = () => resolve('script load');
      s.onerror = () => resolve('script error');
      s.src = url;
      document.head.append(s);
    });
  },
};`;

/** A tiny site: one page with the probes, on the address given. */
async function pageServer(host: string): Promise<{ server: Server; port: number }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head><script>${PROBES}</script></head><body></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

let app: TestApp;
let target: string;
let browser: Browser;
let foreign: Page;
let allowed: Page;
const servers: Server[] = [];

before(async () => {
  app = await startSecurityApp();
  target = `http://127.0.0.1:${app.lh.port}`;
  const evil = await pageServer('127.0.0.2');
  const local = await pageServer('127.0.0.1');
  servers.push(evil.server, local.server);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // evil.example stands for a foreign site; rebind.example for a name an attacker re-points at this machine.
    args: ['--host-resolver-rules=MAP evil.example 127.0.0.2, MAP rebind.example 127.0.0.1'],
  });
  foreign = await browser.newPage();
  await foreign.goto(`http://evil.example:${evil.port}/`);
  allowed = await browser.newPage();
  await allowed.goto(`http://localhost:${local.port}/`);
  await app.json('/secret', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ secret: 'the-secret' }) });
});

after(async () => {
  await browser?.close();
  for (const s of servers) s.close();
  await app?.close();
});

type ProbeName = 'read' | 'readWithCredentials' | 'postJson' | 'postSimple' | 'form' | 'img' | 'script';

function run(page: Page, name: ProbeName, url: string, arg?: unknown): Promise<string> {
  return page.evaluate(([n, u, a]) => (window as unknown as { probes: Record<string, (u: string, a: unknown) => Promise<string>> }).probes[n]!(u, a), [name, url, arg] as const);
}

test('browser: a foreign page can neither read nor change app data (fetch ± credentials, JSON, simple POST, form, img, script)', async () => {
  const before = await counts(app);
  const secret = `${target}/dev/secret`;
  assert.equal(await run(foreign, 'read', secret), 'blocked TypeError');
  assert.equal(await run(foreign, 'readWithCredentials', secret), 'blocked TypeError');
  assert.equal(await run(foreign, 'read', `${target}/dev/crud/items`), 'blocked TypeError');
  assert.equal(await run(foreign, 'postJson', secret, { secret: 'json' }), 'blocked TypeError');
  assert.equal(await run(foreign, 'postSimple', secret), 'sent opaque');
  assert.equal(await run(foreign, 'form', secret, { secret: 'form' }), 'submitted');
  assert.equal(await run(foreign, 'img', `${target}/dev/pixel.gif`), 'img error');
  assert.equal(await run(foreign, 'img', `${target}/dev/visit`), 'img error');
  assert.equal(await run(foreign, 'script', `${target}/dev/widget.js`), 'script error');
  assert.equal(await run(foreign, 'script', `${target}/dev/visit`), 'script error');
  assert.deepEqual(await counts(app), before, 'nothing changed');
  assert.equal(before.secret, 'the-secret');
  // Refused by localhooks (the browser sent them), not only hidden by the browser.
  const log = app.logs.text();
  assert.match(log, /Origin http:\/\/evil\.example:\d+ may not call this app/);
  assert.match(log, /A request from another site \(Sec-Fetch-Site: cross-site, Referer http:\/\/evil\.example:\d+\) was refused/);
});

test('browser: a foreign page can neither read nor drive the admin API', async () => {
  const before = await counts(app);
  const admin = `${target}/.localhooks/api`;
  assert.equal(await run(foreign, 'read', `${admin}/env`), 'blocked TypeError');
  assert.equal(await run(foreign, 'readWithCredentials', `${admin}/queues`), 'blocked TypeError');
  assert.equal(await run(foreign, 'postJson', `${admin}/jobs/1/run`, {}), 'blocked TypeError');
  assert.equal(await run(foreign, 'postSimple', `${admin}/jobs/1/run`), 'sent opaque');
  assert.equal(await run(foreign, 'form', `${admin}/jobs/1/run`, { x: '1' }), 'submitted');
  assert.equal(await run(foreign, 'img', `${admin}/health`), 'img error');
  assert.equal(await run(foreign, 'script', `${admin}/env`), 'script error');
  assert.deepEqual(await counts(app), before, 'no job ran');
});

test('browser: a name re-pointed at this machine (DNS rebinding) gets 403 LH_HOST_NOT_ALLOWED', async () => {
  const page = await browser.newPage();
  try {
    for (const path of ['/dev/secret', '/.localhooks/api/env']) {
      const res = await page.goto(`http://rebind.example:${app.lh.port}${path}`);
      assert.equal(res?.status(), 403);
      assert.equal(((await res!.json()) as { code: string }).code, 'LH_HOST_NOT_ALLOWED');
    }
  } finally {
    await page.close();
  }
});

test('browser: the same requests from an allowed loopback origin work', async () => {
  const secret = `${target}/dev/secret`;
  assert.equal(await run(allowed, 'read', secret), 'read 200 {"secret":"the-secret"}');
  assert.equal(await run(allowed, 'readWithCredentials', secret), 'read 200 {"secret":"the-secret"}');
  assert.equal(await run(allowed, 'postJson', secret, { secret: 'json' }), 'read 200 {"ok":true}');
  assert.equal((await counts(app)).secret, 'json');
  assert.equal(await run(allowed, 'postSimple', secret), 'sent opaque');
  assert.equal((await counts(app)).secret, '', 'the simple POST ran (its text body has no secret field)');
  assert.equal(await run(allowed, 'form', secret, { secret: 'form' }), 'submitted');
  assert.equal((await counts(app)).secret, 'form');
  assert.equal(await run(allowed, 'img', `${target}/dev/pixel.gif`), 'img load');
  assert.equal(await run(allowed, 'script', `${target}/dev/widget.js`), 'script load');
  // /visit answers JSON, which neither an <img> nor a <script> takes; what counts is that the request ran.
  const visits = (await counts(app)).visits;
  await run(allowed, 'img', `${target}/dev/visit`);
  await run(allowed, 'script', `${target}/dev/visit`);
  assert.equal((await counts(app)).visits, visits + 2);
});

test('browser: the admin API answers a page of its own origin, JSON calls only', async () => {
  const page = await browser.newPage();
  try {
    await page.goto(`${target}/dev/static/index.html`);
    await page.addScriptTag({ content: PROBES });
    const admin = `${target}/.localhooks/api`;
    assert.match(await run(page, 'read', `${admin}/env`), /^read 200 \{"source":"\.env"/);
    const before = (await counts(app)).jobRuns;
    assert.match(await run(page, 'postJson', `${admin}/jobs/1/run`, {}), /^read 200 .*"status":"ok"/);
    assert.equal((await counts(app)).jobRuns, before + 1);
    // An HTML form cannot send JSON: refused even from the server's own pages.
    assert.equal(await run(page, 'form', `${admin}/jobs/1/run`, { x: '1' }), 'submitted');
    assert.equal((await counts(app)).jobRuns, before + 1);
  } finally {
    await page.close();
  }
});

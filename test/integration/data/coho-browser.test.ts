// The coho CLI's _A_D_M_* endpoints in a real browser: a foreign page cannot read or change data through them,
// and a page on a name re-pointed at this machine (even one that looks like the CLI's Host) gets nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startFixture, type TestApp } from '../../helpers/app-server.js';
import { api } from '../../helpers/admin-api.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const PROBES = `
window.probes = {
  async read(url) {
    try { const r = await fetch(url); return 'read ' + r.status + ' ' + (await r.text()); } catch (e) { return 'blocked ' + e.name; }
  },
  async postJson(url, body) {
    try {
      const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return 'read ' + r.status + ' ' + (await r.text());
    } catch (e) { return 'blocked ' + e.name; }
  },
  async postSimple(url, body) {
    try { const r = await fetch(url, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body }); return 'sent ' + r.type; } catch (e) { return 'blocked ' + e.name; }
  },
  img(url) {
    return new Promise((resolve) => {
      const img = new Image();
      img.onload = () => resolve('img load');
      img.onerror = () => resolve('img error');
      img.src = url;
    });
  },
};`;

let app: TestApp;
let browser: Browser;
let foreign: Page;
let site: Server;

before(async () => {
  app = await startFixture('data-app');
  await api(new URL(app.base).origin, 'POST', '/collections/pets/docs', [{ name: 'Polly' }]);
  site = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><script>${PROBES}</script>`);
  });
  await new Promise<void>((r) => site.listen(0, '127.0.0.2', r));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--host-resolver-rules=MAP evil.example 127.0.0.2, MAP myproject.api.codehooks.local.io 127.0.0.1'],
  });
  foreign = await browser.newPage();
  await foreign.goto(`http://evil.example:${(site.address() as AddressInfo).port}/`);
});

after(async () => {
  await browser?.close();
  site?.close();
  await app?.close();
});

const run = (page: Page, name: string, url: string, arg?: unknown) =>
  page.evaluate(([n, u, a]) => (window as unknown as { probes: Record<string, (u: string, a: unknown) => Promise<string>> }).probes[n]!(u, a), [name, url, arg] as const);
const count = async () => (await api(new URL(app.base).origin, 'GET', '/collections/pets/count')).body.count as number;

test('coho endpoints in a browser: a foreign page can neither read nor write through _A_D_M_*', async () => {
  const base = `http://127.0.0.1:${app.lh.port}/dev`;
  assert.equal(await run(foreign, 'read', `${base}/_A_D_M_query/pets`), 'blocked TypeError');
  assert.equal(await run(foreign, 'read', `${base}/_A_D_M_export/pets`), 'blocked TypeError');
  assert.equal(await run(foreign, 'postJson', `${base}/_A_D_M_restore/pets`, [{ name: 'json' }]), 'blocked TypeError');
  assert.equal(await run(foreign, 'postSimple', `${base}/_A_D_M_restore/pets`, '[{"name":"simple"}]'), 'sent opaque');
  assert.equal(await run(foreign, 'img', `${base}/_A_D_M_query/pets?q={}&h={"$onlycount":true}`), 'img error');
  assert.equal(await count(), 1, 'nothing was written');
  assert.match(app.logs.text(), /_A_D_M_query\/pets refused: The localhooks admin API answers its own pages and tools only, not pages from http:\/\/evil\.example/);
});

test('coho endpoints in a browser: the CLI Host name re-pointed at this machine (DNS rebinding) gets 403', async () => {
  const page = await browser.newPage();
  try {
    const origin = `http://myproject.api.codehooks.local.io:${app.lh.port}`;
    const nav = await page.goto(`${origin}/dev/_A_D_M_export/pets`);
    assert.equal(nav?.status(), 403);
    assert.equal(((await nav!.json()) as { code: string }).code, 'LH_ADMIN_CROSS_ORIGIN');
    await page.setContent(`<script>${PROBES}</script>`);
    // Same-origin to the rebound name: over plain http the browser sends no Sec-Fetch-* and no Origin on a GET,
    // but its User-Agent and Referer still mark a page.
    assert.match(await run(page, 'read', `${origin}/dev/_A_D_M_query/pets`), /^read 403 /);
    assert.match(await run(page, 'postJson', `${origin}/dev/_A_D_M_restore/pets`, [{ name: 'rebound' }]), /^read 403 /);
    assert.equal(await count(), 1);
  } finally {
    await page.close();
  }
});

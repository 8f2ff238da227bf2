import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, REPO_ROOT, startDir, type TestApp } from '../../helpers/app-server.js';

const ENV_SECRET = 'sk-test-0123456789abcdef';
const API_KEY = 'key-9f8e7d6c5b4a';
let app: TestApp;
let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'lh-leaks-'));
  await cp(join(FIXTURES, 'security-app'), root, { recursive: true });
  await writeFile(join(root, '.env'), `SERVICE_TOKEN=${ENV_SECRET}\nMODE=dev\n`);
  app = await startDir(root, { apiKeys: [API_KEY], logLevel: 'debug' });
});
after(async () => {
  await app?.close();
  await rm(root, { recursive: true, force: true });
});

test('no leaks: the static-file 404 names the path inside the app, not the host folder', async () => {
  const res = await fetch(`${app.base}/static/missing.txt`, { headers: { 'x-apikey': API_KEY } });
  const text = await res.text();
  assert.equal(res.status, 404);
  assert.match(text, /\/public\/missing\.txt/);
  assert.ok(!text.includes(root), text);
  assert.ok(!text.includes(tmpdir()), text);
});

test('no leaks: .env values and API keys in URLs are masked in the request log', async () => {
  await fetch(`${app.base}/id/${ENV_SECRET}?apikey=${API_KEY}&x=${encodeURIComponent(ENV_SECRET)}&token=abc123`, { headers: { 'x-apikey': API_KEY } });
  await fetch(`${app.base}/id/1?key=${API_KEY}`, { headers: { 'x-apikey': API_KEY } });
  const log = app.logs.text();
  assert.match(log, /GET \/dev\/id\/\*\*\*\*\?apikey=\*\*\*\*&x=\*\*\*\*&token=\*\*\*\* 200/);
  assert.match(log, /GET \/dev\/id\/1\?key=\*\*\*\* 200/);
  assert.ok(!log.includes(ENV_SECRET), 'a .env value reached the log');
  assert.ok(!log.includes(API_KEY), 'an API key reached the log');
  assert.match(log, /\.env sets SERVICE_TOKEN, MODE/);
});

test('no leaks: a load error in the 503 body shows app-relative paths, no localhooks or host folders', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lh-broken-'));
  await writeFile(join(dir, 'index.js'), "import { app } from 'codehooks-js';\nthrow new Error('boom at start');\nexport default app.init();\n");
  const broken = await startDir(dir, { storage: 'memory' }, true);
  try {
    const res = await broken.json<{ error: string; code: string }>('/hello');
    assert.equal(res.status, 503);
    assert.equal(res.body.code, 'LH_APP_NOT_READY');
    assert.match(res.body.error, /boom at start/);
    assert.match(res.body.error, /\(\.\/index\.js:2:7\)/);
    assert.ok(!res.body.error.includes(dir), res.body.error);
    assert.ok(!res.body.error.includes(REPO_ROOT.replace(/\/$/, '')), res.body.error);
    assert.ok(!res.body.error.includes(tmpdir()), res.body.error);
  } finally {
    await broken.close();
  }
});

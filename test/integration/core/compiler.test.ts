import { test } from 'node:test';
import { once } from 'node:events';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppCompiler, findEntry } from '../../../runtime/compiler/index.js';
import { REPO_ROOT, startDir, startFixture, waitFor } from '../../helpers/app-server.js';

test('LOCAL-08 TypeScript app: types, text import, JSON import with assert, extension-less imports', async () => {
  const app = await startFixture('ts-app');
  try {
    assert.deepEqual((await app.json('/ts')).body, { greeting: 'HELLO FROM A TEXT FILE', items: 3 });
  } finally {
    await app.close();
  }
});

test('compiler: source maps make stack traces name the user file and line', async () => {
  const app = await startFixture('ts-app');
  try {
    assert.equal((await app.json('/ts/fail')).status, 500);
    await waitFor(() => app.logs.text().includes('typed failure none'), { what: 'failure log' });
    // The mapped path is the real file, so an editor can open it.
    assert.ok(app.logs.text().includes(`${join(app.dir, 'index.ts')}:18:`), app.logs.text());
  } finally {
    await app.close();
  }
});

test('CONTRACT-07 CommonJS app: module.exports = app.init() works', async () => {
  const app = await startFixture('cjs-app');
  try {
    assert.deepEqual((await app.json('/cjs')).body, { style: 'commonjs' });
  } finally {
    await app.close();
  }
});

test('compiler: package.json main decides the entry', async () => {
  const app = await startFixture('main-app');
  try {
    assert.deepEqual((await app.json('/main')).body, { entry: 'src/server.js' });
  } finally {
    await app.close();
  }
});

test('compiler: codehooks-js falls back to localhooks’ copy when the app has no node_modules', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lh-compile-'));
  try {
    await writeFile(join(dir, 'index.js'), "import { app } from 'codehooks-js';\nimport fetch from 'node-fetch';\nimport Ajv from 'ajv';\napp.get('/x', (q, r) => r.json({ f: typeof fetch, ajv: typeof Ajv }));\nexport default app.init();\n");
    const compiler = new AppCompiler(dir, join(dir, '.localhooks', 'build'));
    const r = await compiler.build();
    await compiler.dispose();
    assert.ok(r.ok);
    assert.equal(r.sdk?.source, 'localhooks');
    assert.match(r.sdk?.version ?? '', /^1\.4\./);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('compiler: localhooks whose node_modules is a symlink (a git worktree, a linked install) still names its own copy', async () => {
  const root = await mkdtemp(join(tmpdir(), 'lh-linked-'));
  try {
    // A second localhooks: its compiled runtime copied, its node_modules a link to this one's.
    const lh = join(root, 'localhooks');
    for (const part of ['runtime', 'sdk']) await cp(join(REPO_ROOT, 'dist', part), join(lh, 'dist', part), { recursive: true });
    await cp(join(REPO_ROOT, 'package.json'), join(lh, 'package.json'));
    await symlink(join(REPO_ROOT, 'node_modules'), join(lh, 'node_modules'), 'dir');
    const app = join(root, 'app');
    await mkdir(app);
    await writeFile(join(app, 'index.js'), "import { app } from 'codehooks-js';\napp.get('/x', (q, r) => r.json({}));\nexport default app.init();\n");
    const linked = (await import(pathToFileURL(join(lh, 'dist', 'runtime', 'compiler', 'index.js')).href)) as typeof import('../../../runtime/compiler/index.js');
    const compiler = new linked.AppCompiler(app, join(app, '.localhooks', 'build'));
    const r = await compiler.build();
    await compiler.dispose();
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.equal(r.sdk?.source, 'localhooks');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('compiler: a missing package names it and says how to install it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lh-compile-'));
  try {
    await writeFile(join(dir, 'index.js'), "import { app } from 'codehooks-js';\nimport Stripe from 'stripe-not-installed';\nexport default app.init();\n");
    const compiler = new AppCompiler(dir, join(dir, '.localhooks', 'build'));
    const r = await compiler.build();
    await compiler.dispose();
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.message, /npm install stripe-not-installed/);
    assert.match(r.ok ? '' : r.message, /index\.js:2/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('compiler: no entry file is a clear error', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lh-compile-'));
  try {
    assert.throws(() => findEntry(dir), (e: Error & { code?: string }) => e.code === 'LH_NO_ENTRY' && /index\.ts, index\.js/.test(e.message));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('CONTRACT-07 no manifest: the app answers 503 saying to export app.init()', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lh-nomanifest-'));
  await writeFile(join(dir, 'index.js'), "import { app } from 'codehooks-js';\napp.get('/x', (q, r) => r.end());\nexport default {};\n");
  const app = await startDir(dir, {}, true);
  try {
    const r = await app.json('/x');
    assert.equal(r.status, 503);
    assert.match((r.body as { error: string }).error, /export default app\.init\(\)/);
  } finally {
    await app.close();
  }
});

test('compiler: --build-dir keeps bundles out of the app folder (read-only mounts)', async () => {
  const out = await mkdtemp(join(tmpdir(), 'lh-build-'));
  const app = await startFixture('hello-app', { buildDir: out, dataDir: join(out, 'data') });
  try {
    assert.equal((await app.json('/hello')).status, 200);
    assert.ok((await readdir(out)).some((d) => /^b\d+$/.test(d)));
    assert.equal(existsSync(join(app.dir, '.localhooks')), false);
  } finally {
    await app.close();
    await rm(out, { recursive: true, force: true });
  }
});

test('compiler: an app that fails its first build says where it listens, then serves once fixed', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lh-firstfail-'));
  await writeFile(join(dir, 'index.js'), "import { app } from 'codehooks-js';\napp.get('/x', (q, r) => r.json({ ok: true });\nexport default app.init();\n");
  const app = await startDir(dir, { watch: true }, true);
  try {
    assert.match(app.logs.text(), /Build failed/);
    assert.match(app.logs.text(), /listening at http:\/\/localhost:\d+\/dev; the app will be served once it builds/);
    assert.equal((await app.json('/x')).status, 503);
    const reloaded = once(app.lh.events, 'reloaded');
    await app.write('index.js', "import { app } from 'codehooks-js';\napp.get('/x', (q, r) => r.json({ ok: true }));\nexport default app.init();\n");
    await reloaded;
    assert.deepEqual((await app.json('/x')).body, { ok: true });
    assert.match(app.logs.text(), /localhooks ready at/);
  } finally {
    await app.close();
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalhooks } from '../../../runtime/app.js';
import { createMemoryLogger } from '../../../runtime/logger.js';

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

async function appDir(source: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lh-start-'));
  await writeFile(join(dir, 'index.js'), source);
  return dir;
}

/** Asks until something answers (the port is not open yet at first); returns the first answer. */
async function firstAnswer(url: string): Promise<Response> {
  for (;;) {
    try {
      return await fetch(url);
    } catch {
      await new Promise((r) => setImmediate(r));
    }
  }
}

test('start: a request that arrives while the first build runs is held and answered by the app, not refused', async () => {
  const dir = await appDir("import { app } from 'codehooks-js';\napp.get('/hello', (req, res) => res.json({ hello: 'world' }));\nexport default app.init();\n");
  const port = await freePort();
  const starting = startLocalhooks({ appDir: dir, port, watch: false, storage: 'memory', logger: createMemoryLogger('error') });
  try {
    const res = await firstAnswer(`http://127.0.0.1:${port}/dev/hello`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { hello: 'world' });
  } finally {
    await (await starting).close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('start: an app whose first build failed answers 503 LH_APP_NOT_READY with Retry-After', async () => {
  const dir = await appDir("import { app } from 'codehooks-js';\napp.get('/x', (q, r) => r.json({ ok: true });\nexport default app.init();\n");
  const lh = await startLocalhooks({ appDir: dir, port: 0, watch: false, storage: 'memory', logger: createMemoryLogger('error') });
  try {
    const res = await fetch(`http://127.0.0.1:${lh.port}/dev/x`);
    assert.equal(res.status, 503);
    assert.equal(res.headers.get('retry-after'), '1');
    const body = (await res.json()) as { code: string; error: string };
    assert.equal(body.code, 'LH_APP_NOT_READY');
    assert.match(body.error, /failed to build/);
  } finally {
    await lh.close();
    await rm(dir, { recursive: true, force: true });
  }
});

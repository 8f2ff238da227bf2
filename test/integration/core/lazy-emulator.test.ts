// The admin API, dashboard and offline LLM load on their first request (runtime/server/index.ts): each still
// answers correctly when it is what the server is first asked for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { postJson, startFixture } from '../../helpers/app-server.js';
import { startLocalhooks } from '../../../runtime/app.js';
import { createMemoryLogger } from '../../../runtime/logger.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const admin = (base: string) => base.replace(/\/dev$/, '/.localhooks/api');

test('emulator: health before and after the admin API loads gives the same answer', async () => {
  const app = await startFixture('summarizer', { storage: 'memory' });
  try {
    const before = (await (await fetch(`${admin(app.base)}/health`)).json()) as Record<string, unknown>;
    assert.equal(before.status, 'ok');
    await app.lh.emulator();
    const after = (await (await fetch(`${admin(app.base)}/health`)).json()) as Record<string, unknown>;
    assert.deepEqual({ ...after, uptime: 0 }, { ...before, uptime: 0 });
    assert.deepEqual(Object.keys(after).sort(), ['generation', 'lastError', 'sdk', 'status', 'uptime', 'version']);
  } finally {
    await app.close();
  }
});

test('emulator: a POST with a JSON body as the first admin request is answered, and the app sees its write', async () => {
  const app = await startFixture('summarizer', { storage: 'memory' });
  try {
    const doc = { text: 'first', summary: 'inserted through the admin API', createdAt: '2026-01-01T00:00:00.000Z' };
    const inserted = await fetch(`${admin(app.base)}/collections/summaries/docs`, postJson(doc));
    assert.equal(inserted.status, 201);
    const { _id } = (await inserted.json()) as { _id: string };
    const listed = await app.json<{ _id: string }[]>('/summaries');
    assert.deepEqual(listed.body.map((d) => d._id), [_id]);
  } finally {
    await app.close();
  }
});

test('emulator: the OpenAPI document is complete when it is the first admin request', async () => {
  const app = await startFixture('hello-app', { storage: 'memory' });
  try {
    const doc = (await (await fetch(`${admin(app.base)}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    // One route of each group the admin API registers, from the first and the last registered.
    for (const path of ['/.localhooks/api/health', '/.localhooks/api/queues', '/.localhooks/api/workflows/status', '/.localhooks/api/snapshots', '/.localhooks/api/llm']) {
      assert.ok(doc.paths[path], `${path} in openapi.json`);
    }
  } finally {
    await app.close();
  }
});

test('emulator: the app’s first OpenAI call loads the offline LLM and is answered', async () => {
  const app = await startFixture('openai-app', { storage: 'memory' });
  try {
    const r = await app.json<{ choices: { message: { content: string } }[] }>('/global-fetch', postJson({ prompt: 'Summarize this: the LLM routes load on first use.' }));
    assert.equal(r.status, 200);
    assert.ok(r.body.choices[0]!.message.content.length > 0);
  } finally {
    await app.close();
  }
});

test('emulator: a bad --llm-url still stops the start, though the LLM routes load later', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lh-lazy-llm-'));
  await writeFile(join(dir, 'index.js'), "import { app } from 'codehooks-js';\nexport default app.init();\n");
  await assert.rejects(
    startLocalhooks({ appDir: dir, port: 0, watch: false, storage: 'memory', logger: createMemoryLogger('error'), llm: { url: 'not a url' } }),
    (err: Error & { code?: string }) => err.code === 'LH_LLM_CONFIG' && /not an http\(s\) URL/.test(err.message),
  );
  await rm(dir, { recursive: true, force: true });
});

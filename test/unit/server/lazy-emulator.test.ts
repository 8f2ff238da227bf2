import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createHostCheck } from '../../../runtime/server/host-check.js';
import { createHttpServer } from '../../../runtime/server/index.js';
import { createMemoryLogger } from '../../../runtime/logger.js';

/** A server whose emulator counts its builds and serves one echo route; `fail` makes the next builds throw. */
async function serve(opts: { fail?: number } = {}) {
  let builds = 0;
  let failures = opts.fail ?? 0;
  const logger = createMemoryLogger('error');
  const http = createHttpServer({ logger, hosts: createHostCheck({}), health: () => ({ status: 'ok', from: 'server' }) });
  http.setAppHandler((_req, res) => res.end('app'));
  http.setEmulatorRoutes(async (fastify: FastifyInstance) => {
    builds++;
    if (failures-- > 0) throw new Error('registration broke');
    fastify.post('/.localhooks/api/echo', async (req) => ({ bytes: (req.body as Buffer).length, build: builds }));
    fastify.get('/.localhooks/api/health', async () => ({ status: 'ok', from: 'fastify' }));
  });
  const port = await http.listen(0, '127.0.0.1');
  assert.equal(port, (http.server.address() as AddressInfo).port);
  return { base: `http://127.0.0.1:${port}`, builds: () => builds, http, logger };
}

const echo = (base: string, body: string) =>
  fetch(`${base}/.localhooks/api/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));

test('emulator: app traffic and health probes are answered without building it', async () => {
  const s = await serve();
  try {
    assert.equal(await (await fetch(`${s.base}/dev/x`)).text(), 'app');
    const health = await fetch(`${s.base}/.localhooks/api/health`);
    assert.equal(health.status, 200);
    assert.match(health.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(await health.json(), { status: 'ok', from: 'server' });
    assert.equal(s.builds(), 0);
  } finally {
    await s.http.close();
  }
});

test('emulator: concurrent first requests share one build, keep their bodies, and later ones reuse it', async () => {
  const s = await serve();
  try {
    const bodies = [1, 10, 1000, 100_000, 5].map((n) => JSON.stringify({ x: 'a'.repeat(n) }));
    const answers = await Promise.all(bodies.map((b) => echo(s.base, b)));
    assert.deepEqual(answers.map((a) => a.status), [200, 200, 200, 200, 200]);
    assert.deepEqual(answers.map((a) => a.body.bytes), bodies.map((b) => b.length));
    assert.equal(s.builds(), 1);
    assert.equal((await echo(s.base, '{}')).body.build, 1);
    // Once built, health is the admin route's.
    assert.deepEqual(await (await fetch(`${s.base}/.localhooks/api/health`)).json(), { status: 'ok', from: 'fastify' });
    assert.equal(s.http.emulator(), s.http.emulator());
    assert.equal(s.builds(), 1);
  } finally {
    await s.http.close();
  }
});

test('emulator: a build that fails answers 500 LH_INTERNAL and the next request builds again', async () => {
  const s = await serve({ fail: 1 });
  try {
    const first = await echo(s.base, '{}');
    assert.equal(first.status, 500);
    assert.equal(first.body.code, 'LH_INTERNAL');
    assert.match(String(first.body.error), /registration broke/);
    assert.match(s.logger.text(), /registration broke/);
    const second = await echo(s.base, '{"a":1}');
    assert.deepEqual(second, { status: 200, body: { bytes: 7, build: 2 } });
  } finally {
    await s.http.close();
  }
});

test('emulator: close ends open connections and the emulator, built or not', async () => {
  const s = await serve();
  const held = await fetch(`${s.base}/dev/x`, { headers: { connection: 'keep-alive' } });
  assert.equal(await held.text(), 'app');
  await s.http.close();
  await assert.rejects(fetch(`${s.base}/dev/x`));
  // Closed before it was ever built: it is not built afterwards either.
  await assert.rejects(s.http.emulator(), /closed/);
  assert.equal(s.builds(), 0);
  const t = await serve();
  assert.equal((await echo(t.base, '{}')).status, 200);
  await t.http.close();
  await assert.rejects(echo(t.base, '{}'));
});

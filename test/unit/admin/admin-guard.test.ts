import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { registerAdminRoutes } from '../../../runtime/admin/admin.routes.js';
import type { RunnerHost } from '../../../runtime/runner/host.js';

async function server(open: boolean) {
  const fastify = Fastify();
  const host = { current: null, generation: 0, lastError: null } as unknown as RunnerHost;
  await registerAdminRoutes(fastify, { started: Date.now(), host, sdk: () => null, env: () => ({ TOKEN: 'abcdefghijklmnopqrstuvwxyz' }), open });
  return fastify;
}

test('admin: the admin API answers loopback clients only, health is always open', async () => {
  const f = await server(false);
  const remote = await f.inject({ method: 'GET', url: '/.localhooks/api/env', remoteAddress: '172.17.0.1' });
  assert.equal(remote.statusCode, 403);
  assert.equal(remote.json().code, 'LH_ADMIN_FORBIDDEN');
  const local = await f.inject({ method: 'GET', url: '/.localhooks/api/env', remoteAddress: '127.0.0.1' });
  assert.deepEqual(local.json(), { source: '.env', variables: { TOKEN: '****wxyz' } });
  const health = await f.inject({ method: 'GET', url: '/.localhooks/api/health', remoteAddress: '172.17.0.1' });
  assert.equal(health.statusCode, 200);
  await f.close();
});

test('admin: LOCALHOOKS_ADMIN_OPEN opens it to other addresses (Docker)', async () => {
  const f = await server(true);
  assert.equal((await f.inject({ method: 'GET', url: '/.localhooks/api/env', remoteAddress: '172.17.0.1' })).statusCode, 200);
  await f.close();
});

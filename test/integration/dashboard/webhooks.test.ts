// Provider webhooks: each provider's sample, signed with the .env secret as the provider signs, verified by the
// fixture app with the provider's documented algorithm (written there independently); CLI and API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROVIDERS } from '../../../runtime/webhooks/compose.js';
import { REPO_ROOT } from '../../helpers/app-server.js';
import { admin, startDashboardApp } from './dashboard-app.js';

function cli(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'localhooks.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

test('webhooks: every provider event is signed as the provider signs and verifies in the app', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'lh-webhooks-'));
  // Discord is signed with localhooks' own key pair, kept in the data folder: learn its public key first.
  let app = await startDashboardApp({ storage: 'level', dataDir });
  const publicKey = (await admin(app, '/webhooks')).body.discordPublicKey as string;
  await app.close();
  app = await startDashboardApp({ storage: 'level', dataDir, env: { DISCORD_PUBLIC_KEY: publicKey } });
  try {
    const list = await admin(app, '/webhooks');
    assert.deepEqual(list.body.providers.map((p: { id: string }) => p.id), ['github', 'stripe', 'slack', 'shopify', 'svix', 'discord']);
    assert.equal(list.body.providers.find((p: { id: string }) => p.id === 'github').secretFound, 'GITHUB_WEBHOOK_SECRET');
    assert.equal(list.body.discordPublicKey, publicKey, 'the key pair survives a restart');
    for (const p of Object.values(PROVIDERS)) {
      for (const event of Object.keys(p.events)) {
        const r = await admin(app, '/webhooks/send', { method: 'POST', body: { provider: p.id, event, to: `/hooks/${p.id}` } });
        assert.equal(r.status, 200, `${p.id} ${event}`);
        assert.equal(r.body.response.status, 200, `${p.id} ${event}: ${r.body.response.body?.text}`);
        assert.equal(r.body.delivery.signed, true);
        assert.equal(r.body.delivery.note, null, `${p.id}: ${r.body.delivery.note}`);
        assert.equal(typeof r.body.entryId, 'number', 'the delivery is in the inbox');
      }
    }
    const wrong = await admin(app, '/webhooks/send', { method: 'POST', body: { provider: 'stripe', event: 'payment_intent.succeeded', to: '/hooks/stripe', secret: 'whsec_wrong' } });
    assert.equal(wrong.body.response.status, 401);
    const sample = await admin(app, '/webhooks/sample?provider=shopify&event=orders/create');
    assert.ok(JSON.parse(sample.body.body).line_items.length > 0);
    const own = await admin(app, '/webhooks/send', { method: 'POST', body: { provider: 'github', event: 'workflow_run.completed', to: '/dev/hooks/github', body: '{"custom":true}' } });
    assert.equal(own.body.response.status, 200, 'any event name with a body of one’s own');
    assert.equal(own.body.delivery.url, '/dev/hooks/github', 'a path with the space prefix is kept');
  } finally {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('webhooks: unsigned with a note when .env has no secret; bad input gets clear errors', async () => {
  const app = await startDashboardApp({ env: { GITHUB_WEBHOOK_SECRET: '' } });
  try {
    const r = await admin(app, '/webhooks/send', { method: 'POST', body: { provider: 'github', event: 'ping', to: '/hooks/github' } });
    assert.equal(r.body.delivery.signed, false);
    assert.match(r.body.delivery.note, /GITHUB_WEBHOOK_SECRET/);
    assert.equal(r.body.response.status, 401);
    const cases: [unknown, number, string][] = [
      [{ provider: 'gitlab', event: 'push', to: '/x' }, 404, 'LH_WEBHOOK_UNKNOWN_PROVIDER'],
      [{ provider: 'github', event: 'nope.never', to: '/x' }, 404, 'LH_WEBHOOK_UNKNOWN_EVENT'],
      [{ provider: 'github', event: 'ping' }, 400, 'LH_WEBHOOK_BAD_REQUEST'],
      [{ provider: 'github', event: 'ping', to: 'http://evil.example/' }, 400, 'LH_WEBHOOK_BAD_REQUEST'],
      [{ provider: 'github', event: 'ping', to: '/x', body: { not: 'a string' } }, 400, 'LH_WEBHOOK_BAD_REQUEST'],
      ['just text', 400, 'LH_WEBHOOK_BAD_REQUEST'],
    ];
    for (const [body, status, code] of cases) {
      const res = await admin(app, '/webhooks/send', { method: 'POST', body });
      assert.equal(res.status, status, JSON.stringify(body));
      assert.equal(res.body.code, code, JSON.stringify(body));
    }
  } finally {
    await app.close();
  }
});

test('webhooks: localhooks webhook send github issues.opened --to <route> [--data file], and list', async () => {
  const app = await startDashboardApp();
  const dir = await mkdtemp(join(tmpdir(), 'lh-webhook-cli-'));
  try {
    const port = String(app.lh.port);
    const sent = await cli(['webhook', 'send', 'github', 'issues.opened', '--to', '/hooks/github', '--port', port]);
    assert.equal(sent.code, 0, sent.out);
    assert.match(sent.out, /github issues\.opened → POST \/dev\/hooks\/github: 200 \(signed with GITHUB_WEBHOOK_SECRET\), inbox #\d+/);
    await writeFile(join(dir, 'event.json'), '{"action":"opened","issue":{"number":9,"title":"From a file"}}');
    const fromFile = await cli(['webhook', 'send', 'github', 'issues.opened', '--to', '/hooks/github', '--data', join(dir, 'event.json'), '--port', port, '--format', 'json']);
    assert.equal(fromFile.code, 0, fromFile.out);
    assert.equal(JSON.parse(fromFile.out).delivery.body, '{"action":"opened","issue":{"number":9,"title":"From a file"}}');
    const bad = await cli(['webhook', 'send', 'github', 'issues.opened', '--to', '/hooks/github', '--secret', 'nope', '--port', port]);
    assert.equal(bad.code, 1, 'a 4xx answer exits 1');
    assert.match(bad.out, /: 401/);
    const unknown = await cli(['webhook', 'send', 'gitlab', 'push', '--to', '/x', '--port', port]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.out, /no webhook provider "gitlab"/);
    const usage = await cli(['webhook', 'send', 'github']);
    assert.equal(usage.code, 1);
    assert.match(usage.out, /expected "send <provider> <event> --to <route>"/);
    const list = await cli(['webhook', 'list', '--port', port]);
    assert.equal(list.code, 0);
    assert.match(list.out, /^stripe \(Stripe; secret STRIPE_WEBHOOK_SECRET\)$/m);
  } finally {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { PROVIDERS, WebhookComposer } from '../../../runtime/webhooks/compose.js';
import { targetUrl } from '../../../runtime/webhooks/webhooks.routes.js';
import { openStore } from '../../../runtime/storage/index.js';

test('webhooks compose: the first .env secret found signs; none found sends unsigned with a note', async () => {
  const c = new WebhookComposer(await openStore({ backend: 'memory' }));
  const now = Date.UTC(2026, 0, 2);
  const env = { GITHUB_SECRET: 'second', STRIPE_WEBHOOK_SECRET: 'whsec_abc' };
  const gh = await c.compose({ provider: 'github', event: 'ping', env, now });
  assert.equal(gh.secretSource, 'GITHUB_SECRET');
  assert.equal(gh.headers['x-hub-signature-256'], `sha256=${createHmac('sha256', 'second').update(gh.body).digest('hex')}`);
  assert.equal(gh.headers['x-github-event'], 'ping');
  const st = await c.compose({ provider: 'stripe', event: 'payment_intent.succeeded', env, now });
  const ts = Math.floor(now / 1000);
  assert.equal(st.headers['stripe-signature'], `t=${ts},v1=${createHmac('sha256', 'whsec_abc').update(`${ts}.${st.body}`).digest('hex')}`);
  assert.equal(JSON.parse(st.body.toString()).type, 'payment_intent.succeeded');
  const sl = await c.compose({ provider: 'slack', event: 'message', env, now });
  assert.equal(sl.signed, false);
  assert.match(sl.note!, /SLACK_SIGNING_SECRET/);
  assert.equal(sl.headers['x-slack-signature'], undefined);
  const own = await c.compose({ provider: 'shopify', event: 'anything/custom', body: Buffer.from('{"a":1}'), secret: 'given', env: {}, now });
  assert.equal(own.secretSource, 'given');
  assert.equal(own.headers['x-shopify-hmac-sha256'], createHmac('sha256', 'given').update('{"a":1}').digest('base64'));
  assert.deepEqual(c.secretNames(env), { github: 'GITHUB_SECRET', stripe: 'STRIPE_WEBHOOK_SECRET', slack: null, shopify: null, svix: null, discord: null });
  await assert.rejects(c.compose({ provider: 'github', event: 'nope', env, now }), { code: 'LH_WEBHOOK_UNKNOWN_EVENT' });
  await assert.rejects(c.compose({ provider: 'gitlab', event: 'push', env, now }), { code: 'LH_WEBHOOK_UNKNOWN_PROVIDER' });
});

test('webhooks compose: every sample is JSON; routes get the space prefix once', () => {
  for (const p of Object.values(PROVIDERS)) for (const [name, make] of Object.entries(p.events)) assert.equal(typeof make({ now: 1, id: 'abc' }), 'object', `${p.id} ${name}`);
  assert.equal(targetUrl('/webhook', 'dev'), '/dev/webhook');
  assert.equal(targetUrl('/dev/webhook', 'dev'), '/dev/webhook');
  assert.equal(targetUrl('/dev', 'dev'), '/dev');
  assert.equal(targetUrl('/developers', 'dev'), '/dev/developers');
  assert.throws(() => targetUrl('http://x/y', 'dev'), { code: 'LH_WEBHOOK_BAD_REQUEST' });
});

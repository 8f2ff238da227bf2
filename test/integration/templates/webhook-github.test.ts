// templates/webhook-github scaffolded with `localhooks create`, served in-process, exercised over HTTP.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { waitFor, type TestApp } from '../../helpers/app-server.js';
import { scaffold, type Scaffold } from './scaffold.js';

const API_KEY = 'tpl-key';
let s: Scaffold;
let app: TestApp;
let secret: string;
before(async () => {
  s = await scaffold('webhook-github');
  // the scaffold's .env (from .env.example) holds the secret the app checks against
  secret = /^GITHUB_WEBHOOK_SECRET=(.+)$/m.exec(await readFile(join(s.dir, '.env'), 'utf8'))![1]!;
  app = await s.serve({ apiKeys: [API_KEY] });
});
after(() => s?.remove());

const ISSUE = { action: 'opened', issue: { number: 9, title: 'Upload fails', body: 'Error when uploading.' }, repository: { full_name: 'acme/site' } };
const sign = (body: string, key = secret) => `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;

function deliver(body: string, signature: string | null, delivery = `d-${Math.random()}`) {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-github-event': 'issues', 'x-github-delivery': delivery };
  if (signature !== null) headers['x-hub-signature-256'] = signature;
  return app.json<{ ok?: boolean; id?: string; duplicate?: boolean; error?: string }>('/webhooks/github', { method: 'POST', headers, body });
}

test('REQ-05 AUTH-04 template webhook-github: a signed delivery (no API key) is accepted and processed by its worker', async () => {
  const body = JSON.stringify(ISSUE, null, 2); // GitHub's own spacing: only the raw bytes verify
  const res = await deliver(body, sign(body));
  assert.equal(res.status, 200);
  assert.equal(res.body.ok, true);
  const events = async () => (await app.json<Array<{ _id: string; summary?: string }>>('/events', { headers: { 'x-apikey': API_KEY } })).body;
  const done = await waitFor(async () => (await events()).find((e) => e._id === res.body.id && e.summary), { what: 'worker' });
  assert.equal(done!.summary, 'issue #9 "Upload fails" → bug');
});

test('REQ-05 template webhook-github: wrong, malformed and missing signatures are 401; redelivery deduped', async () => {
  const body = JSON.stringify(ISSUE);
  assert.equal((await deliver(body, sign(body, 'other-secret'))).status, 401);
  assert.equal((await deliver(body, sign(JSON.stringify(ISSUE, null, 1)))).status, 401);
  assert.equal((await deliver(body, 'sha256=abc')).status, 401);
  assert.equal((await deliver(body, null)).status, 401);
  assert.equal((await deliver(body, sign(body), 'same')).body.duplicate, undefined);
  assert.equal((await deliver(body, sign(body), 'same')).body.duplicate, true);
});

test('AUTH-04/06 template webhook-github: app.auth opens only the webhook path; /events still needs the key', async () => {
  assert.equal((await app.json('/events')).status, 401);
});

test('template webhook-github: its own npm test passes in the scaffold', async () => {
  const r = await s.ownTests();
  assert.equal(r.code, 0, r.out);
  // TAP on Node 20, the spec reporter on Node 22 and later.
  assert.match(r.out, /^(# |ℹ )fail 0$/m);
});

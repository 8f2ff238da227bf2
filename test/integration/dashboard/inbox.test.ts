// The request inbox: every app request with its raw body and the app's answer, masked secrets, replay and
// edited resend through the server's own port, a bounded ring persisted in the data folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SPOOL_THRESHOLD } from '../../../runtime/server/request-body.js';
import { admin, SECRETS, startDashboardApp } from './dashboard-app.js';

const signed = (body: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', SECRETS.GITHUB_WEBHOOK_SECRET).update(body).digest('hex')}`, 'x-custom': `token ${SECRETS.SLACK_SIGNING_SECRET}` },
  body,
});

test('inbox: records method, path, status, headers (secrets masked), the raw body byte-exact and the answer', async () => {
  const app = await startDashboardApp();
  try {
    const raw = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0xff, 0xfe, 0x7d]); // not UTF-8
    await app.fetch('/hooks/github', { method: 'POST', headers: { 'content-type': 'application/octet-stream', authorization: 'Bearer abcdefghijklmnopqrstuvwxyz' }, body: raw });
    const json = '{"action":"opened",  "n": 1}';
    assert.equal((await app.fetch('/hooks/github', signed(json))).status, 200);
    const list = await admin(app, '/requests');
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.requests.map((r: { url: string }) => r.url), ['/dev/hooks/github', '/dev/hooks/github'], 'newest first');
    const [newest, oldest] = list.body.requests;
    assert.ok(newest.id > oldest.id);
    assert.equal(newest.status, 200);
    assert.equal(oldest.status, 401);
    const bin = await admin(app, `/requests/${oldest.id}`);
    assert.equal(Buffer.from(bin.body.body.base64, 'base64').compare(raw), 0, 'raw bytes kept exactly');
    assert.equal(bin.body.body.text, null, 'not UTF-8: no text view');
    assert.equal(bin.body.headers.authorization, '****wxyz');
    const one = await admin(app, `/requests/${newest.id}`);
    assert.equal(one.body.body.text, json);
    assert.match(one.body.headers['x-hub-signature-256'], /^\*\*\*\*/);
    assert.equal(one.body.headers['x-custom'], 'token ****', 'a .env value is hidden wherever it appears');
    assert.equal(one.body.response.status, 200);
    assert.deepEqual(JSON.parse(one.body.response.body.text), { ok: true, provider: 'github' });
    assert.match(String(one.body.response.headers['content-type']), /json/);
    const missing = await admin(app, '/requests/999999');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, 'LH_INBOX_NOT_FOUND');
    assert.equal((await admin(app, '/requests?limit=abc')).body.code, 'LH_INBOX_BAD_REQUEST');
  } finally {
    await app.close();
  }
});

test('inbox: replay sends the stored bytes again; one changed byte in an edited resend gets the 401', async () => {
  const app = await startDashboardApp();
  try {
    const json = '{"action":"opened","issue":{"number":1}}';
    await app.fetch('/hooks/github', signed(json));
    const id = (await admin(app, '/requests')).body.requests[0].id;
    const replay = await admin(app, `/requests/${id}/replay`, { method: 'POST' });
    assert.equal(replay.status, 200);
    assert.equal(replay.body.status, 200, 'the signature still verifies: same bytes, same headers');
    assert.equal(replay.body.entry.replayOf, id);
    const shown = (await admin(app, `/requests/${id}`)).body;
    const headers = Object.fromEntries(Object.entries(shown.headers as Record<string, string>).filter(([k]) => !['content-length', 'host'].includes(k)));
    // The masked signature sent back as shown means "the stored one".
    const same = await admin(app, `/requests/${id}/resend`, { method: 'POST', body: { headers, body: json } });
    assert.equal(same.body.status, 200);
    const tampered = await admin(app, `/requests/${id}/resend`, { method: 'POST', body: { headers, body: json.replace('"number":1', '"number":2') } });
    assert.equal(tampered.body.status, 401);
    assert.deepEqual(JSON.parse(tampered.body.body.text), { error: 'Invalid signature' });
    const entry = (await admin(app, `/requests/${tampered.body.entry.id}`)).body;
    assert.equal(entry.replayOf, id);
    assert.equal(entry.status, 401);
    await app.fetch('/headers');
    const echoed = await admin(app, `/requests/${(await admin(app, '/requests')).body.requests[0].id}/replay`, { method: 'POST' });
    assert.equal(JSON.parse(echoed.body.body.text)['x-localhooks-replay'], undefined, 'the app never sees the replay marker');
    const bad = await admin(app, `/requests/${id}/resend`, { method: 'POST', body: { url: 'http://elsewhere.example/x' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'LH_INBOX_BAD_REQUEST');
    assert.equal((await admin(app, `/requests/${id}/resend`, { method: 'POST', body: { headers: { 'bad header': 'x' } } })).body.code, 'LH_INBOX_BAD_REQUEST');
    assert.equal((await admin(app, `/requests/${id}/resend`, { method: 'POST', body: [1] })).body.code, 'LH_INBOX_BAD_REQUEST');
  } finally {
    await app.close();
  }
});

test('inbox: bodies over the limit are stored truncated and marked; such a request cannot be replayed byte-exact', async () => {
  const app = await startDashboardApp({ inbox: { bodyLimit: 16 } });
  try {
    const big = '{"text":"0123456789012345678901234567890123456789"}';
    await app.fetch('/hooks/github', signed(big));
    const [r] = (await admin(app, '/requests')).body.requests;
    assert.equal(r.bodyTruncated, true);
    assert.equal(r.bodySize, Buffer.byteLength(big));
    const d = await admin(app, `/requests/${r.id}`);
    assert.equal(Buffer.from(d.body.body.base64, 'base64').byteLength, 16);
    const replay = await admin(app, `/requests/${r.id}/replay`, { method: 'POST' });
    assert.equal(replay.status, 409);
    assert.equal(replay.body.code, 'LH_INBOX_TRUNCATED');
    // An upload large enough to be spooled to disk for the app: its size is kept, its bytes are not.
    const upload = Buffer.alloc(SPOOL_THRESHOLD + 10, 7);
    await app.fetch('/hooks/none', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: upload });
    const [u] = (await admin(app, '/requests')).body.requests;
    assert.deepEqual([u.bodySize, u.bodyTruncated, u.status], [upload.byteLength, true, 404]);
  } finally {
    await app.close();
  }
});

test('inbox: a bounded ring, kept in the data folder across restarts; --inbox 0 turns it off', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'lh-inbox-'));
  try {
    let app = await startDashboardApp({ storage: 'level', dataDir, inbox: { capacity: 3 } });
    for (let i = 1; i <= 5; i++) await app.fetch(`/hello?n=${i}`);
    assert.deepEqual((await admin(app, '/requests')).body.requests.map((r: { url: string }) => r.url), ['/dev/hello?n=5', '/dev/hello?n=4', '/dev/hello?n=3']);
    await app.close();
    app = await startDashboardApp({ storage: 'level', dataDir, inbox: { capacity: 2 } });
    let list = (await admin(app, '/requests')).body.requests;
    assert.deepEqual(list.map((r: { url: string }) => r.url), ['/dev/hello?n=5', '/dev/hello?n=4'], 'kept across the restart, cut to the new capacity');
    await app.fetch('/hello?n=6');
    list = (await admin(app, '/requests')).body.requests;
    assert.equal(list[0].url, '/dev/hello?n=6');
    assert.ok(list[0].id > list[1].id, 'ids keep increasing after a restart');
    assert.deepEqual((await admin(app, '/requests', { method: 'DELETE' })).body, { cleared: true });
    assert.deepEqual((await admin(app, '/requests')).body.requests, []);
    await app.close();
    app = await startDashboardApp({ inbox: false });
    await app.fetch('/hello');
    assert.deepEqual((await admin(app, '/requests')).body, { requests: [], more: false, capacity: 0, bodyLimit: 0 });
    await app.close();
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

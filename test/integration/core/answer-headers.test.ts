import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDir, type TestApp } from '../../helpers/app-server.js';

const APP = `
import { app } from 'codehooks-js';
app.get('/value', (req, res) => { res.set('x-a', 'a\\nb'); res.json({ ok: 1 }); });
app.get('/name', (req, res) => { res.set('x a', 'b'); res.json({ ok: 1 }); });
app.get('/stream', (req, res) => { res.set('x-a', 'a\\rb'); res.write('part'); setTimeout(() => res.end('end'), 5); });
app.get('/bytes', (req, res) => { const b = Buffer.alloc(512); for (let i = 0; i < 512; i++) b[i] = i % 256; res.set('content-type', 'application/octet-stream'); res.end(b); });
app.get('/big', (req, res) => { const b = Buffer.alloc(40000); for (let i = 0; i < b.length; i++) b[i] = (i * 7) % 256; res.end(b); });
app.get('/fine', (req, res) => { res.set('x-b', 'b').set('vary', 'accept'); res.json({ ok: 1 }); });
export default app.init();
`;

let app: TestApp;
before(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lh-answer-headers-'));
  await writeFile(join(dir, 'index.js'), APP);
  app = await startDir(dir, {}, true);
});
after(() => app?.close());

test('answer headers Node refuses (a line break in a value, a name that is no token) give a 500 naming the field; the server stays up', async () => {
  for (const [path, field] of [['/value', 'x-a'], ['/name', 'x a'], ['/stream', 'x-a']] as const) {
    const r = await app.json(path);
    assert.equal(r.status, 500, path);
    assert.match((r.body as { error: string }).error, new RegExp(`could not be sent: .*\\["${field}"\\]`), path);
    assert.equal(r.headers.get('vary'), 'origin', 'CORS fields still added');
  }
  assert.match(app.logs.text(), /GET \/value: The app's answer could not be sent/);
  const ok = await app.fetch('/fine');
  assert.equal(ok.status, 200);
  assert.deepEqual([ok.headers.get('x-b'), ok.headers.get('vary'), ok.headers.get('content-length')], ['b', 'accept', '8']);
  assert.deepEqual(await ok.json(), { ok: 1 });
});

test('whole answers arrive byte-exact, small (sent with the head as one string) and large', async () => {
  const small = new Uint8Array(await (await app.fetch('/bytes')).arrayBuffer());
  assert.deepEqual([...small], Array.from({ length: 512 }, (_, i) => i % 256));
  const head = await app.fetch('/bytes', { method: 'HEAD' });
  assert.deepEqual([head.status, head.headers.get('content-length'), (await head.arrayBuffer()).byteLength], [200, '512', 0]);
  const big = new Uint8Array(await (await app.fetch('/big')).arrayBuffer());
  assert.equal(big.length, 40000);
  assert.ok(big.every((v, i) => v === (i * 7) % 256));
});

test('the request inbox shows the 500 that was sent', async () => {
  const list = await fetch(`${app.base.replace(/\/dev\/?$/, '')}/.localhooks/api/requests`).then((r) => r.json() as Promise<{ requests: { id: number; url: string }[] }>);
  const id = list.requests.find((x) => x.url === '/dev/value')!.id;
  const e = (await fetch(`${app.base.replace(/\/dev\/?$/, '')}/.localhooks/api/requests/${id}`).then((r) => r.json())) as { response: { status: number; headers: Record<string, string>; body: { text: string } } };
  assert.equal(e.response.status, 500);
  assert.equal(e.response.headers['content-type'], 'application/json; charset=utf-8');
  assert.match(e.response.body.text, /could not be sent/);
});

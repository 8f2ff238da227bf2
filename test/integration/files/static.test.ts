// app.static and app.storage as the real codehooks-js implements them (one regex route and one auth hook each),
// served by localhooks with validators, HEAD, conditional and range requests.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startFixture, type TestApp } from '../../helpers/app-server.js';

let app: TestApp;
before(async () => {
  // Watching, as `localhooks dev` does: edits to front-end files must be served at once.
  app = await startFixture('blob-app', { watch: true });
});
after(() => app?.close());

/** A HEAD request as a client sends it, with the raw answer headers. */
function head(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    request(`${app.base}${path}`, { method: 'HEAD', headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    })
      .once('error', reject)
      .end();
  });
}

test('ST-01/ST-03/ST-04 app.static: content types from the extension, the default file, the custom headers', async () => {
  const index = await app.fetch('/site');
  assert.equal(index.status, 200);
  assert.match(index.headers.get('content-type') ?? '', /^text\/html/);
  assert.equal(index.headers.get('cache-control'), 'public, max-age=60');
  assert.match(await index.text(), /single-page app/);
  const css = await app.fetch('/site/style.css');
  assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
  assert.equal(await css.text(), 'body { font-family: sans-serif; }\n');
  assert.match((await app.fetch('/site/app.js')).headers.get('content-type') ?? '', /javascript/);
});

test('ST-05 app.static: a deep link of the single-page app gets index.html with status 404 (notFound)', async () => {
  const deep = await app.fetch('/site/users/123');
  assert.equal(deep.status, 404);
  assert.match(deep.headers.get('content-type') ?? '', /^text\/html/);
  assert.match(await deep.text(), /single-page app/);
  assert.equal(deep.headers.get('etag'), null, 'the 404 page carries no validators');
});

test('ST-04 app.static: ETag and Last-Modified; a repeated request with If-None-Match or If-Modified-Since → 304', async () => {
  const first = await app.fetch('/site/index.html');
  const etag = first.headers.get('etag');
  const lastModified = first.headers.get('last-modified');
  assert.match(etag ?? '', /^"[0-9a-f]+-[0-9a-f]+"$/);
  assert.ok(lastModified);
  assert.equal(first.headers.get('accept-ranges'), 'bytes');
  await first.text();
  const again = await app.fetch('/site/index.html', { headers: { 'if-none-match': etag! } });
  assert.equal(again.status, 304);
  assert.equal(again.headers.get('etag'), etag);
  assert.equal(again.headers.get('cache-control'), 'public, max-age=60');
  assert.equal(await again.text(), '');
  assert.equal((await app.fetch('/site/index.html', { headers: { 'if-modified-since': lastModified! } })).status, 304);
  const stale = await app.fetch('/site/index.html', { headers: { 'if-none-match': '"stale"' } });
  assert.equal(stale.status, 200);
  assert.match(await stale.text(), /single-page app/);
});

test('ST-04 app.static: HEAD answers the headers a GET would get, with the length and no body', async () => {
  const get = await app.fetch('/site/style.css');
  const text = await get.text();
  const h = await head('/site/style.css');
  assert.equal(h.status, 200);
  assert.equal(h.body, '');
  assert.equal(h.headers['content-length'], String(Buffer.byteLength(text)));
  assert.equal(h.headers['etag'], get.headers.get('etag'));
  assert.match(String(h.headers['content-type']), /^text\/css/);
  assert.equal((await head('/site/style.css', { 'if-none-match': get.headers.get('etag')! })).status, 304);
  const missing = await head('/site/nowhere');
  assert.equal(missing.status, 404);
});

test('ST-04 app.static: Range → 206 with Content-Range; past the end → 416; If-Range with an old tag → the whole file', async () => {
  const whole = await (await app.fetch('/site/index.html')).text();
  const part = await app.fetch('/site/index.html', { headers: { range: 'bytes=2-10' } });
  assert.equal(part.status, 206);
  assert.equal(part.headers.get('content-range'), `bytes 2-10/${Buffer.byteLength(whole)}`);
  assert.equal(part.headers.get('content-length'), '9');
  assert.equal(await part.text(), whole.slice(2, 11));
  const tail = await app.fetch('/site/index.html', { headers: { range: 'bytes=-8' } });
  assert.equal(await tail.text(), whole.slice(-8));
  const beyond = await app.fetch('/site/index.html', { headers: { range: 'bytes=100000-' } });
  assert.equal(beyond.status, 416);
  assert.equal(beyond.headers.get('content-range'), `bytes */${Buffer.byteLength(whole)}`);
  const changed = await app.fetch('/site/index.html', { headers: { range: 'bytes=0-3', 'if-range': '"old"' } });
  assert.equal(changed.status, 200);
  assert.equal(await changed.text(), whole);
});

test('ST-01 CONTRACT-26 app.storage: media in the blob store is served with ranges, as a video element asks for it', async () => {
  const clip = Buffer.alloc(300_000);
  for (let i = 0; i < clip.length; i++) clip[i] = i % 251;
  const up = await app.fetch('/file?name=/media/clip.mp4', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: clip });
  assert.equal(up.status, 200, await up.clone().text());
  const open = await app.fetch('/media/clip.mp4', { headers: { range: 'bytes=0-' } });
  assert.equal(open.status, 206);
  assert.equal(open.headers.get('content-type'), 'video/mp4');
  assert.equal(open.headers.get('content-range'), `bytes 0-${clip.length - 1}/${clip.length}`);
  assert.ok(Buffer.from(await open.arrayBuffer()).equals(clip));
  const seek = await app.fetch('/media/clip.mp4', { headers: { range: 'bytes=200000-200099' } });
  assert.ok(Buffer.from(await seek.arrayBuffer()).equals(clip.subarray(200_000, 200_100)));
  const plain = await app.fetch('/media/clip.mp4');
  assert.equal(plain.status, 200);
  assert.ok(Buffer.from(await plain.arrayBuffer()).equals(clip));
});

test('ST-04 app.static: an edited front-end file is served at once, with a new ETag', async () => {
  const before = await app.fetch('/site/app.js');
  const etag = before.headers.get('etag')!;
  await before.text();
  await app.write('site/app.js', 'window.version = 2;\n');
  const after = await app.fetch('/site/app.js', { headers: { 'if-none-match': etag } });
  assert.equal(after.status, 200);
  assert.equal(await after.text(), 'window.version = 2;\n');
  assert.notEqual(after.headers.get('etag'), etag);
});

test('ST-02 app.static with --apikey: files are public where the SDK’s auth hook says so; API routes still need the key', async () => {
  const secured = await startFixture('blob-app', { apiKeys: ['k-123'] });
  try {
    assert.equal((await secured.fetch('/site/index.html')).status, 200);
    assert.equal((await secured.fetch('/site/users/123')).status, 404, 'the SPA fallback is public too');
    assert.equal((await secured.fetch('/hello')).status, 401);
    assert.equal((await secured.fetch('/hello', { headers: { 'x-apikey': 'k-123' } })).status, 200);
    const etag = (await secured.fetch('/site/index.html')).headers.get('etag')!;
    assert.equal((await secured.fetch('/site/index.html', { headers: { 'if-none-match': etag } })).status, 304);
  } finally {
    await secured.close();
  }
});

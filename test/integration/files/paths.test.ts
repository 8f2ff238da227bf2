// Paths that try to leave the file store, through every door: the app's File API, app.static, app.storage and
// the admin API. Requests are sent raw, so no client normalises `..` away before the server sees it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFixture, type TestApp } from '../../helpers/app-server.js';

let app: TestApp;
let outside: string;
let blobs: string;
before(async () => {
  app = await startFixture('blob-app');
  outside = await mkdtemp(join(tmpdir(), 'lh-outside-'));
  await writeFile(join(outside, 'secret.txt'), 'top secret');
  blobs = join(app.dir, '.localhooks', 'data', 'files');
  await mkdir(join(blobs, 'media'), { recursive: true });
  await writeFile(join(blobs, 'media', 'ok.txt'), 'inside');
  await symlink(join(outside, 'secret.txt'), join(blobs, 'media', 'leak.txt'));
  await symlink(outside, join(blobs, 'out'));
  await symlink(join(outside, 'secret.txt'), join(app.dir, 'site', 'leak.txt'));
});
after(async () => {
  await app?.close();
  await rm(outside, { recursive: true, force: true });
});

/** Sends `path` exactly as written. */
function raw(path: string, method = 'GET', headers: Record<string, string> = {}, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: app.lh.port, path, method, headers }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.once('error', reject);
    req.end(body);
  });
}

const secretShown = (text: string) => text.includes('top secret');

test('FS-07 File API: ../, %2e%2e/ and absolute paths cannot leave the blob store, for reads, writes and deletes', async () => {
  for (const name of ['../../../etc/passwd', '/media/../../x', '%2e%2e/%2e%2e/x', '/media/%2E%2E/%2e%2e/y']) {
    const q = encodeURIComponent(name);
    const read = await raw(`/dev/file?name=${q}`);
    assert.equal(read.status, 400, `${name}: ${read.text}`);
    assert.match(read.text, /LH_FILE_BAD_PATH/);
    assert.equal((await raw(`/dev/file?name=${q}`, 'POST', { 'content-type': 'application/octet-stream' }, 'escape')).status, 400, name);
    assert.equal((await raw(`/dev/file?name=${q}`, 'DELETE')).status, 400, name);
  }
  // An absolute path is a path inside the store (FS-07), never the host's.
  const abs = await raw(`/dev/text?name=${encodeURIComponent(join(outside, 'secret.txt'))}`);
  assert.equal(abs.status, 404);
  assert.ok(!secretShown(abs.text));
  assert.ok(!abs.text.includes(blobs), 'the error names the store path, not where the store lives');
  assert.deepEqual(await readdir(outside), ['secret.txt']);
});

test('FS-07 File API: a symlink to a file or folder outside is refused; one inside works', async () => {
  for (const name of ['/media/leak.txt', '/out/secret.txt']) {
    const r = await raw(`/dev/file?name=${encodeURIComponent(name)}`);
    assert.equal(r.status, 400, name);
    assert.ok(!secretShown(r.text));
    assert.equal((await raw(`/dev/text?name=${encodeURIComponent(name)}`)).status, 400);
  }
  assert.equal((await raw('/dev/file?name=%2Fout%2Fnew.txt', 'POST', { 'content-type': 'application/octet-stream' }, 'escape')).status, 400);
  assert.deepEqual(await readdir(outside), ['secret.txt']);
  assert.equal((await raw('/dev/text?name=%2Fmedia%2Fok.txt')).text, 'inside');
});

test('FS-07 app.static and app.storage: ../, %2e%2e/ and symlinks to outside serve nothing of the host', async () => {
  for (const path of ['/dev/site/../index.js', '/dev/site/%2e%2e/index.js', '/dev/site/%2e%2e%2findex.js', '/dev/site/leak.txt', '/dev/media/leak.txt', '/dev/media/../../../etc/passwd']) {
    const r = await raw(path);
    assert.ok(r.status === 404 || r.status === 400, `${path} → ${r.status}`);
    assert.ok(!secretShown(r.text) && !r.text.includes('import { app'), path);
  }
  assert.equal((await raw('/dev/media/ok.txt')).text, 'inside');
});

test('FS-07 admin API: ../, %2e%2e/ and symlinks are refused with 400 LH_FILE_BAD_PATH', async () => {
  const h = { 'x-localhooks-client': 'test', 'content-type': 'application/octet-stream' };
  for (const path of ['/.localhooks/api/files/../../../etc/passwd', '/.localhooks/api/files/%2e%2e/%2e%2e/x', '/.localhooks/api/files/media/leak.txt', '/.localhooks/api/files/out/secret.txt']) {
    const r = await raw(path);
    assert.ok(r.status === 400 || r.status === 404, `${path} → ${r.status} ${r.text}`);
    assert.ok(!secretShown(r.text), path);
  }
  assert.match((await raw('/.localhooks/api/files/%2e%2e/x')).text, /LH_FILE_BAD_PATH/);
  assert.match((await raw('/.localhooks/api/files?path=..%2F..')).text, /LH_FILE_BAD_PATH/);
  assert.equal((await raw('/.localhooks/api/files/%2e%2e/escape.txt', 'PUT', h, 'x')).status, 400);
  assert.equal((await raw('/.localhooks/api/files/out/new.txt', 'PUT', h, 'x')).status, 400);
  assert.equal((await raw('/.localhooks/api/files/out/secret.txt', 'DELETE', h)).status, 400);
  assert.deepEqual(await readdir(outside), ['secret.txt']);
  assert.equal(await readFile(join(outside, 'secret.txt'), 'utf8'), 'top secret');
});

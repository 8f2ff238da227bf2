// A 200 MB file through the docs' File API routes: uploaded from `req`, downloaded chunk by chunk, byte for byte.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, readdir, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFixture, waitFor, type TestApp } from '../../helpers/app-server.js';

const MB = 1024 * 1024;
const SIZE_MB = 200;

let app: TestApp;
let tmp: string;
let big: string;
let bigSha: string;
before(async () => {
  app = await startFixture('blob-app');
  tmp = await mkdtemp(join(tmpdir(), 'lh-large-'));
  big = join(tmp, 'big.bin');
  const hash = createHash('sha256');
  const fh = await open(big, 'w');
  for (let i = 0; i < SIZE_MB; i++) {
    const block = randomBytes(MB);
    hash.update(block);
    await fh.write(block);
  }
  await fh.close();
  bigSha = hash.digest('hex');
});
after(async () => {
  await app?.close();
  await rm(tmp, { recursive: true, force: true });
});

function upload(path: string, file: string, size: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${app.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.once('error', reject);
    createReadStream(file).pipe(req);
  });
}

function download(path: string): Promise<{ status: number; sha256: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    request(`${app.base}${path}`, (res) => {
      const hash = createHash('sha256');
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        bytes += c.byteLength;
        hash.update(c);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, sha256: hash.digest('hex'), bytes }));
    })
      .once('error', reject)
      .end();
  });
}

const spoolDir = () => join(app.dir, '.localhooks', 'data', 'tmp', 'uploads');

test('FS-02/FS-03 REQ-11 RES-10 a 200 MB upload (req.pipe → saveFile) downloads byte-identical (getReadStream → res.write, and piped to res.writable)', async () => {
  const up = await upload('/file?name=/big/file.bin', big, SIZE_MB * MB);
  assert.deepEqual(up, { status: 200, text: 'Saved /big/file.bin' });
  const listed = (await app.json<{ path: string; size: number }[]>('/list?path=/big')).body;
  assert.deepEqual(listed.map((f) => [f.path, f.size]), [['/big/file.bin', SIZE_MB * MB]]);
  assert.deepEqual(await download('/file?name=/big/file.bin'), { status: 200, sha256: bigSha, bytes: SIZE_MB * MB });
  assert.deepEqual(await download('/piped?name=/big/file.bin'), { status: 200, sha256: bigSha, bytes: SIZE_MB * MB });
  // The spooled body is gone once the request is answered.
  await waitFor(async () => (await readdir(spoolDir())).length === 0, { what: 'the spool folder to be empty' });
});

test('REQ-05 a spooled upload keeps its exact rawBody for signature checks', async () => {
  const text = Buffer.from('signed payload line\n'.repeat(150_000));
  const res = await app.json<{ sha256: string; length: number }>('/digest', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: text });
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { sha256: createHash('sha256').update(text).digest('hex'), length: text.length });
});

test('FS-02 a client that leaves in the middle of a download stops it; the server goes on serving', async () => {
  await new Promise<void>((resolve, reject) => {
    request(`${app.base}/file?name=/big/file.bin`, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        bytes += c.byteLength;
        if (bytes > 5 * MB) res.destroy();
      });
      res.on('close', () => resolve());
    })
      .once('error', reject)
      .end();
  });
  assert.equal((await app.json('/hello')).status, 200);
  const part = await app.fetch('/file?name=/big/file.bin', { headers: { range: `bytes=${SIZE_MB * MB - 16}-` } });
  assert.equal(part.status, 206);
  assert.equal((await part.arrayBuffer()).byteLength, 16);
  assert.doesNotMatch(app.logs.text(), /failed inside localhooks|Unhandled|Uncaught/);
});

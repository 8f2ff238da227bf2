// SIGKILL of the real server in the middle of an upload: the file is the previous version or the new one, whole,
// never a torn mix; the unfinished part file and the spooled body are cleaned up at the next start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { request, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, REPO_ROOT, waitFor } from '../../helpers/app-server.js';

const BIN = join(REPO_ROOT, 'bin', 'localhooks.js');
const MB = 1024 * 1024;
const PART = '.lh-part-';

/** Starts the real CLI on a free port and resolves with its origin once the banner is printed. */
function startServer(appDir: string, data: string): Promise<{ child: ChildProcess; origin: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'dev', appDir, '--port', '0', '--no-watch', '--data', data, '--log-level', 'info'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /localhooks ready at http:\/\/localhost:(\d+)\//.exec(out);
      if (m) resolve({ child, origin: `http://127.0.0.1:${m[1]}` });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before it was ready:\n${out}`)));
  });
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
  child.kill('SIGKILL');
  await exited;
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const fill = (mb: number, byte: number) => Buffer.alloc(mb * MB, byte);

/** Starts an upload and returns the request, to be fed (or abandoned) by the caller. */
function startUpload(url: string, method: string, size: number): ClientRequest {
  const req = request(url, { method, headers: { 'content-type': 'application/octet-stream', 'content-length': String(size), 'x-localhooks-client': 'test' } });
  req.on('error', () => {}); // the server is killed under it
  req.on('response', (res) => res.resume());
  return req;
}

async function send(url: string, method: string, body: Buffer<ArrayBuffer>): Promise<number> {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/octet-stream', 'x-localhooks-client': 'test' }, body });
  await res.arrayBuffer();
  return res.status;
}

async function partFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, encoding: 'utf8' }).catch((): string[] => []);
  return entries.filter((e) => e.split('/').pop()!.startsWith(PART));
}

test('reliability: SIGKILL during uploads (admin API and the app’s saveFile) leaves the old or the new file whole, never a torn one', async () => {
  const root = await mkdtemp(join(tmpdir(), 'lh-kill-upload-'));
  const appDir = join(root, 'app');
  const data = join(root, 'data');
  const blobs = join(data, 'files');
  await cp(join(FIXTURES, 'blob-app'), appDir, { recursive: true });
  const v1 = fill(8, 0x31);
  const v2 = fill(64, 0x32);
  try {
    let server = await startServer(appDir, data);
    const admin = `${server.origin}/.localhooks/api/files`;
    assert.equal(await send(`${admin}/admin.bin`, 'PUT', v1), 201);
    assert.equal(await send(`${server.origin}/dev/file?name=/app.bin`, 'POST', v1), 200);

    // 1. The admin API writes the socket's bytes straight into a part file: killed while it is half written.
    const slow = startUpload(`${admin}/admin.bin`, 'PUT', v2.length);
    slow.write(v2.subarray(0, 4 * MB));
    await waitFor(async () => {
      for (const p of await partFiles(blobs)) if ((await stat(join(blobs, p)).catch(() => null))?.size) return true;
      return false;
    }, { interval: 5, what: 'the part file of the admin upload to fill' });
    await kill(server.child);
    slow.destroy();
    assert.ok((await partFiles(blobs)).length > 0, 'the killed write left its part file');

    // 2. The app's saveFile(name, req stream): the body is spooled, then written; killed once the write began.
    server = await startServer(appDir, data);
    await waitFor(async () => (await partFiles(blobs)).length === 0, { what: 'the old part file to be swept' });
    const upload = startUpload(`${server.origin}/dev/file?name=/app.bin`, 'POST', v2.length);
    let answered = false;
    upload.on('response', () => (answered = true));
    upload.end(v2);
    // Killed as soon as the write into the store began (or, on a machine fast enough to finish first, after it).
    await waitFor(async () => answered || (await partFiles(blobs)).length > 0, { interval: 1, what: 'the app upload to reach the file store' });
    await kill(server.child);

    server = await startServer(appDir, data);
    try {
      const adminNow = Buffer.from(await (await fetch(`${server.origin}/.localhooks/api/files/admin.bin`)).arrayBuffer());
      assert.equal(sha(adminNow), sha(v1), 'the admin upload that was cut off left the previous version');
      const appNow = Buffer.from(await (await fetch(`${server.origin}/dev/file?name=/app.bin`)).arrayBuffer());
      assert.ok([sha(v1), sha(v2)].includes(sha(appNow)), `app.bin is ${appNow.length} bytes: neither the old nor the new version`);
      const listed = (await (await fetch(`${server.origin}/dev/list`)).json()) as { path: string }[];
      assert.deepEqual(listed.map((f) => f.path), ['/admin.bin', '/app.bin']);
      await waitFor(async () => (await partFiles(blobs)).length === 0, { what: 'part files to be swept' });
      assert.deepEqual(await readdir(join(data, 'tmp', 'uploads')), [], 'spooled bodies of the killed server are gone');
    } finally {
      await stop(server.child);
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

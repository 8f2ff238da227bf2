// `localhooks files ls|put|get|rm` against a running server, through /.localhooks/api/files.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { REPO_ROOT, startFixture, type TestApp } from '../../helpers/app-server.js';
import { runFiles, type FilesIo } from '../../../runtime/cli/commands/files.js';
import { defaultIo } from '../../../runtime/queue/admin-client.js';

const BIN = join(REPO_ROOT, 'bin', 'localhooks.js');

let app: TestApp;
let work: string;
before(async () => {
  app = await startFixture('blob-app');
  work = await mkdtemp(join(tmpdir(), 'lh-files-cli-'));
  await mkdir(join(work, 'assets', 'img'), { recursive: true });
  await writeFile(join(work, 'assets', 'app.css'), 'body{}');
  await writeFile(join(work, 'assets', 'img', 'logo.svg'), '<svg/>');
  await writeFile(join(work, 'report.pdf'), Buffer.from([0x25, 0x50, 0x44, 0x46, 0, 1, 2, 255]));
});
after(async () => {
  await app?.close();
  await rm(work, { recursive: true, force: true });
});

/** Runs the command in this process with its output captured. */
async function files(...args: string[]): Promise<{ code: number; out: string; err: string; bytes: Buffer }> {
  let out = '';
  let err = '';
  const chunks: Buffer[] = [];
  const io: FilesIo = {
    ...defaultIo(),
    env: {},
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    cwd: work,
    stdout: new Writable({
      write(c: Buffer, _e, cb) {
        chunks.push(c);
        cb();
      },
    }),
  };
  const code = await runFiles([...args, '--port', String(app.lh.port)], io);
  return { code, out, err, bytes: Buffer.concat(chunks) };
}

test('FS-09 files put: a folder with everything in it goes to a store path, like coho file-upload; the app reads it', async () => {
  const r = await files('put', 'assets', '/static');
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, 'put /static/app.css (6 B)\nput /static/img/logo.svg (6 B)\nUploaded 2 files (12 B)\n');
  assert.equal((await app.fetch('/text?name=/static/img/logo.svg').then((x) => x.text())), '<svg/>');
  const one = await files('put', 'report.pdf', '/docs/');
  assert.equal(one.out, 'put /docs/report.pdf (8 B)\n');
  assert.equal((await files('put', 'report.pdf')).out, 'put /report.pdf (8 B)\n');
  assert.equal((await files('put', 'report.pdf', '/docs/renamed.pdf', '--json')).out, `${JSON.stringify({ uploaded: [{ path: '/docs/renamed.pdf', size: 8 }] }, null, 2)}\n`);
});

test('FS-05 files ls: a table below a folder, or the platform’s list shape with --json', async () => {
  const r = await files('ls', '/static');
  assert.equal(r.code, 0);
  assert.match(r.out, /^6 B {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ {2}\/static\/app\.css\n6 B {2}.* {2}\/static\/img\/logo\.svg\n2 files, 12 B\n$/);
  const json = JSON.parse((await files('ls', '--json')).out) as { path: string; size: number; date: string; _id: string }[];
  assert.deepEqual(json.map((f) => f.path), ['/docs/renamed.pdf', '/docs/report.pdf', '/report.pdf', '/static/app.css', '/static/img/logo.svg']);
  assert.deepEqual(Object.keys(json[0]!), ['path', 'size', 'date', '_id']);
  assert.equal((await files('ls', '/empty')).out, 'No files under /empty\n');
});

test('files get: a file to the current folder or stdout, a folder into a local folder, byte for byte', async () => {
  const pdf = await readFile(join(work, 'report.pdf'));
  await mkdir(join(work, 'dl'));
  const r = await files('get', '/docs/report.pdf', 'dl');
  assert.equal(r.code, 0, r.err);
  assert.ok((await readFile(join(work, 'dl', 'report.pdf'))).equals(pdf));
  assert.ok((await files('get', '/docs/report.pdf', '-')).bytes.equals(pdf));
  const folder = await files('get', '/static', 'copy');
  assert.equal(folder.code, 0, folder.err);
  assert.equal(await readFile(join(work, 'copy', 'img', 'logo.svg'), 'utf8'), '<svg/>');
  assert.deepEqual((await readdir(join(work, 'copy'))).sort(), ['app.css', 'img']);
  assert.ok(!(await readdir(join(work, 'dl'))).some((n) => n.endsWith('.part')));
});

test('files rm: a file, a folder only with -r; mistakes are clear errors with exit code 1', async () => {
  const folder = await files('rm', '/static');
  assert.equal(folder.code, 1);
  assert.match(folder.err, /^localhooks files: \/static is a folder: .*-r/);
  assert.equal((await files('rm', '-r', '/static')).out, 'Deleted 2 files under /static\n');
  assert.equal((await files('rm', '/report.pdf')).out, 'Deleted /report.pdf\n');
  const missing = await files('rm', '/report.pdf');
  assert.equal(missing.code, 1);
  assert.match(missing.err, /No file at \/report\.pdf/);
  const traversal = await files('get', '/docs/../../etc/passwd');
  assert.equal(traversal.code, 1);
  assert.match(traversal.err, /"\.\." segment/);
  assert.match((await files('get', '/nothing')).err, /no file or folder \/nothing/);
  assert.match((await files('put', 'no-such-dir')).err, /no such file or folder: no-such-dir/);
  assert.match((await files('frob')).err, /unknown subcommand "frob"/);
  assert.match((await files('ls', '/a', '/b')).err, /expected "files ls \[path\]"/);
});

test('files: the real binary shows --help, and says when no server is running', async () => {
  const run = (args: string[]) =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, PORT: '' } });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('exit', (code) => resolve({ code, out }));
    });
  const help = await run(['files', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.out, /localhooks files <ls\|put\|get\|rm>/);
  assert.match((await run(['--help'])).out, /files +list, upload, download and delete blob-store files/);
  const none = await run(['files', 'ls', '--port', '1']);
  assert.equal(none.code, 1);
  assert.match(none.out, /No localhooks server at http:\/\/localhost:1/);
  const real = await run(['files', 'ls', '/docs', '--port', String(app.lh.port)]);
  assert.equal(real.code, 0, real.out);
  assert.match(real.out, /\/docs\/report\.pdf/);
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { PART_PREFIX, sweepParts, writeAtomic } from '../../../sdk/files/atomic-write.js';
import { listFiles } from '../../../sdk/files/list.js';
import { checkStorePath, StoreFolder } from '../../../sdk/files/store-paths.js';
import { createFileStore } from '../../../sdk/file-store.worker.js';

let root: string;
let blobs: string;
let appDir: string;
let outside: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'lh-filestore-'));
  blobs = join(root, 'data', 'files');
  appDir = join(root, 'app');
  outside = join(root, 'outside');
  await mkdir(join(appDir, 'public'), { recursive: true });
  await mkdir(outside, { recursive: true });
  await writeFile(join(outside, 'secret.txt'), 'top secret');
  await writeFile(join(appDir, 'public', 'index.html'), '<h1>hi</h1>');
});
after(() => rm(root, { recursive: true, force: true }));

const refused = (p: Promise<unknown>) => assert.rejects(p, (err: Error & { code?: string; status?: number }) => err.code === 'LH_FILE_BAD_PATH' && err.status === 400);

test('FS-07 checkStorePath: .. and %2e%2e segments, NUL bytes, empty and over-long paths are refused', () => {
  for (const p of ['/a/../b', '../etc/passwd', '/a/..', 'a\\..\\b', '/%2e%2e/x', '/%2E%2e/x', '/a\0b', '', 'x'.repeat(1025)]) {
    assert.throws(() => checkStorePath(p), (err: Error & { code?: string }) => err.code === 'LH_FILE_BAD_PATH', JSON.stringify(p.slice(0, 20)));
  }
  assert.throws(() => checkStorePath(42 as unknown as string), /non-empty string/);
  for (const p of ['/a/b.txt', 'a/b.txt', '/..a/b..', '/%2e/x', '/a/./b', '/%zz']) assert.equal(checkStorePath(p), p);
});

test('FS-07 StoreFolder: absolute paths map inside the store; the message names the store path only', () => {
  const f = new StoreFolder(blobs);
  assert.equal(f.locate('/etc/passwd'), join(blobs, 'etc', 'passwd'));
  assert.equal(f.locate('/'), blobs);
  assert.equal(f.storePath(join(blobs, 'a', 'b.txt')), '/a/b.txt');
  assert.throws(() => f.locate('/../x'), (err: Error) => !err.message.includes(root));
});

test('FS-03 writeAtomic: a failing stream leaves the old version and no part file; a whole one replaces it', async () => {
  const dir = join(root, 'atomic');
  await mkdir(dir);
  const target = join(dir, 'f.bin');
  await writeAtomic(target, 'version 1');
  const failing = Readable.from(
    (async function* () {
      yield Buffer.from('half of version 2');
      throw new Error('client went away');
    })(),
  );
  await assert.rejects(writeAtomic(target, failing), /client went away/);
  assert.equal(await readFile(target, 'utf8'), 'version 1');
  assert.deepEqual(await readdir(dir), ['f.bin']);
  assert.equal(await writeAtomic(target, Readable.from([Buffer.from('version '), '2'])), 9);
  assert.equal(await readFile(target, 'utf8'), 'version 2');
  await assert.rejects(writeAtomic(target, Readable.from([Buffer.alloc(10)]), 5), RangeError);
  await assert.rejects(writeAtomic(target, Readable.from([{ not: 'bytes' }])), /not bytes or text/);
  assert.deepEqual(await readdir(dir), ['f.bin']);
});

test('FS-05 list: sorted, recursive, stable ids; part files and symlinks are not listed; sweepParts removes old parts', async () => {
  const dir = join(root, 'listing');
  await mkdir(join(dir, 'b', 'c'), { recursive: true });
  await writeFile(join(dir, 'z.txt'), 'z');
  await writeFile(join(dir, 'b', 'c', 'a.txt'), 'abc');
  await writeFile(join(dir, 'b', `${PART_PREFIX}0123`), 'torn');
  await symlink(join(outside, 'secret.txt'), join(dir, 'link.txt'));
  const f = new StoreFolder(dir);
  const files = await listFiles(f, '/');
  assert.deepEqual(files.map((x) => [x.path, x.size]), [['/b/c/a.txt', 3], ['/z.txt', 1]]);
  assert.match(files[0]!._id, /^[0-9a-f]{24}$/);
  assert.deepEqual((await listFiles(f, '/b')).map((x) => x.path), ['/b/c/a.txt']);
  assert.deepEqual((await listFiles(f, '/z.txt')).map((x) => x.path), ['/z.txt']);
  assert.deepEqual(await listFiles(f, '/missing'), []);
  assert.equal((await listFiles(f, '/z.txt'))[0]!._id, files[1]!._id);
  // A part file written after the start is a write in progress: left alone.
  const fresh = join(dir, `${PART_PREFIX}fresh`);
  await writeFile(fresh, 'in progress');
  const old = new Date(Date.now() - 60_000);
  await utimes(join(dir, 'b', `${PART_PREFIX}0123`), old, old);
  assert.equal(await sweepParts(dir, Date.now() - 30_000), 1);
  assert.deepEqual((await readdir(dir)).sort(), [`${PART_PREFIX}fresh`, 'b', 'link.txt', 'z.txt'].sort());
});

test('FS-07 _coho_fs: a symlink to a file or folder outside is refused for reads, writes, lists and deletes', async () => {
  const fs = createFileStore(appDir, blobs);
  await fs.saveFile('/ok.txt', 'fine');
  await symlink(join(outside, 'secret.txt'), join(blobs, 'leak.txt'));
  await symlink(outside, join(blobs, 'out'));
  await refused(fs.readFile('/leak.txt'));
  await refused(fs.getFileStream('/leak.txt'));
  await refused(fs.readFile('/out/secret.txt'));
  await refused(fs.saveFile('/out/new.txt', 'escape'));
  await refused(fs.saveFile('/out/deeper/new.txt', 'escape'));
  await refused(fs.list('/out'));
  await refused(fs.deleteFile('/out/secret.txt'));
  assert.deepEqual((await readdir(outside)).sort(), ['secret.txt']);
  assert.equal(await readFile(join(outside, 'secret.txt'), 'utf8'), 'top secret');
  // Links that stay inside are followed.
  await symlink(join(blobs, 'ok.txt'), join(blobs, 'alias.txt'));
  assert.equal(await fs.readFile('/alias.txt'), 'fine');
});

test('FS-01/FS-08 _coho_fs: a missing file rejects naming the store path; source files are read from the app folder', async () => {
  const fs = createFileStore(appDir, blobs);
  await assert.rejects(fs.readFile('/nope/missing.txt'), (err: Error & { code?: string }) => err.code === 'ENOENT' && err.message.includes('/nope/missing.txt') && !err.message.includes(root));
  await assert.rejects(fs.getFileStream('/nope/missing.txt'), (err: Error) => !err.message.includes(root));
  assert.equal(await fs.readFile('/public/index.html', { source: true }), '<h1>hi</h1>');
  await assert.rejects(fs.readFile('/public/index.html'), /ENOENT/);
  await assert.rejects(fs.saveFile('/x.txt', 42 as unknown as string), /Readable stream, a Buffer or a string/);
  const chunks: Buffer[] = [];
  for await (const c of await fs.getFileStream('/public/index.html', { source: true })) chunks.push(c as Buffer);
  assert.equal(Buffer.concat(chunks).toString(), '<h1>hi</h1>');
});

test('FS-08 _coho_fs: the app folder’s .env files, .localhooks and .git are never found (app.static() serves the folder root)', async () => {
  const fs = createFileStore(appDir, blobs);
  await writeFile(join(appDir, '.env'), 'SECRET=1');
  await writeFile(join(appDir, 'public', '.env.local'), 'SECRET=2');
  await mkdir(join(appDir, '.localhooks', 'data'), { recursive: true });
  await writeFile(join(appDir, '.localhooks', 'data', 'x'), 'data');
  for (const p of ['/.env', '/public/.env.local', '/.localhooks/data/x']) {
    await assert.rejects(fs.readFile(p, { source: true }), (err: Error & { code?: string }) => err.code === 'ENOENT' && !err.message.includes(root), p);
    await assert.rejects(fs.getFileStream(p, { source: true }), /ENOENT/);
  }
  assert.deepEqual((await fs.list('/', { source: true })).map((f) => f.path), ['/public/index.html']);
  // The blob store has no such rule: a blob may be called .env.
  await fs.saveFile('/.env', 'blob');
  assert.equal(await fs.readFile('/.env'), 'blob');
});

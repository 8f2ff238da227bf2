import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireDataLock, findLiveLock, LOCK_FILE } from '../../../runtime/storage/data-lock.js';
import { createMemoryLogger } from '../../../runtime/logger.js';
import type { LocalhooksError } from '../../../runtime/errors.js';

/** The pid of a process that has exited: certainly not running. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

test('data lock: holds pid and port, a second holder gets LH_DATA_LOCKED naming them, release frees it', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'lh-lock-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const logs = createMemoryLogger('debug');
  const lock = await acquireDataLock(dir, { port: 0, logger: logs });
  await lock.setPort(8123);
  assert.deepEqual({ ...JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')), started: 'x' }, { pid: process.pid, port: 8123, started: 'x' });
  await assert.rejects(acquireDataLock(dir, { port: 9000, logger: logs }), (e: LocalhooksError) => {
    assert.equal(e.code, 'LH_DATA_LOCKED');
    assert.equal(e.status, 409);
    assert.match(e.message, new RegExp(`pid ${process.pid}, port 8123\\) is serving the data folder ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    return true;
  });
  assert.equal((await findLiveLock(dir))?.port, 8123);
  await lock.release();
  assert.equal(existsSync(join(dir, LOCK_FILE)), false);
  assert.equal(await findLiveLock(dir), null);
});

test('data lock: a stale lock of a dead pid is taken over with a warning', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'lh-lock-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const pid = deadPid();
  await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid, port: 8080, started: new Date(0).toISOString() }));
  assert.equal(await findLiveLock(dir), null);
  const logs = createMemoryLogger('debug');
  const lock = await acquireDataLock(dir, { port: 8081, logger: logs });
  assert.match(logs.text(), new RegExp(`Took over the data folder lock of localhooks pid ${pid} \\(port 8080\\), which is no longer running`));
  assert.equal(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')).pid, process.pid);
  await lock.release();
});

test('data lock: our own pid in a lock we never took (a restarted container) and an unreadable lock are stale', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'lh-lock-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: process.pid, port: 8080, started: '' }));
  const logs = createMemoryLogger('debug');
  const a = await acquireDataLock(dir, { port: 1, logger: logs });
  await a.release();
  await writeFile(join(dir, LOCK_FILE), 'not json');
  const b = await acquireDataLock(dir, { port: 1, logger: logs });
  assert.match(logs.text(), /Replaced an unreadable lock file/);
  await b.release();
});

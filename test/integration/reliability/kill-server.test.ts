import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, REPO_ROOT, waitFor } from '../../helpers/app-server.js';

const BIN = join(REPO_ROOT, 'bin', 'localhooks.js');

/** Starts the real CLI on a free port and resolves with its base URL once the banner is printed. */
function startServer(appDir: string, data: string): Promise<{ child: ChildProcess; base: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'dev', appDir, '--port', '0', '--no-watch', '--data', data, '--log-level', 'info'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /localhooks ready at (http:\/\/localhost:\d+\/dev)/.exec(out);
      if (m) resolve({ child, base: m[1]! });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before it was ready:\n${out}`)));
  });
}

test('reliability: SIGKILL of the server during writes loses no acknowledged insert', async () => {
  const root = await mkdtemp(join(tmpdir(), 'lh-kill-'));
  const appDir = join(root, 'app');
  const data = join(root, 'data');
  await cp(join(FIXTURES, 'hello-app'), appDir, { recursive: true });
  try {
    const { child, base } = await startServer(appDir, data);
    const acknowledged: string[] = [];
    let stop = false;
    // Four writers; an insert counts only once its 201 arrived.
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const res = await fetch(`${base}/notes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ w, i }) });
          if (res.status === 201) acknowledged.push(((await res.json()) as { _id: string })._id);
        } catch {
          return; // the server is gone
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    await waitFor(() => acknowledged.length >= 300, { timeout: 30_000, what: '300 acknowledged inserts' });
    child.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));

    const again = await startServer(appDir, data);
    try {
      const stored = new Set(((await (await fetch(`${again.base}/notes`)).json()) as { _id: string }[]).map((d) => d._id));
      const lost = acknowledged.filter((id) => !stored.has(id));
      assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged inserts were lost`);
    } finally {
      again.child.kill('SIGTERM');
      await new Promise((r) => again.child.once('exit', r));
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('reliability: SIGKILL during enqueues loses no acknowledged job; all run after the restart', async () => {
  const root = await mkdtemp(join(tmpdir(), 'lh-killq-'));
  const appDir = join(root, 'app');
  const data = join(root, 'data');
  await cp(join(FIXTURES, 'queue-app'), appDir, { recursive: true });
  try {
    const { child, base } = await startServer(appDir, data);
    const acknowledged: number[] = [];
    let stop = false;
    let n = 0;
    const writer = async () => {
      while (!stop) {
        const mine = n++;
        try {
          const res = await fetch(`${base}/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ n: mine }) });
          if (res.status === 201) acknowledged.push(mine);
        } catch {
          return;
        }
      }
    };
    const writers = [writer(), writer()];
    await waitFor(() => acknowledged.length >= 200, { timeout: 30_000, what: '200 acknowledged enqueues' });
    child.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));

    const again = await startServer(appDir, data);
    try {
      const missing = await waitFor(
        async () => {
          const done = new Set(((await (await fetch(`${again.base}/done`)).json()) as string[]).map((k) => Number(k.slice('done-'.length))));
          const left = acknowledged.filter((x) => !done.has(x));
          return left.length === 0 ? left : null;
        },
        { timeout: 30_000, what: 'every acknowledged job to run' },
      ).catch(() => null);
      assert.ok(missing, 'some acknowledged jobs never ran after the restart');
    } finally {
      again.child.kill('SIGTERM');
      await new Promise((r) => again.child.once('exit', r));
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

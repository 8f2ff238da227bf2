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

/**
 * Serves `fixture`, runs `writers` concurrent loops of `write` (each resolves with the acknowledged value, or
 * null when refused) until `target` acknowledgements, SIGKILLs the server, restarts it on the same data and
 * hands the acknowledged values and the new base URL to `check`.
 */
async function killDuringWrites<T>(opts: {
  fixture: string;
  writers: number;
  target: number;
  write(base: string, seq: number): Promise<T | null>;
  check(base: string, acknowledged: T[]): Promise<void>;
}): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'lh-kill-'));
  const appDir = join(root, 'app');
  const data = join(root, 'data');
  await cp(join(FIXTURES, opts.fixture), appDir, { recursive: true });
  try {
    const { child, base } = await startServer(appDir, data);
    const acknowledged: T[] = [];
    let stop = false;
    let seq = 0;
    const loop = async () => {
      while (!stop) {
        try {
          const v = await opts.write(base, seq++);
          if (v !== null) acknowledged.push(v);
        } catch {
          return; // the server is gone
        }
      }
    };
    const loops = Array.from({ length: opts.writers }, loop);
    await waitFor(() => acknowledged.length >= opts.target, { timeout: 30_000, what: `${opts.target} acknowledged writes` });
    child.kill('SIGKILL');
    stop = true;
    await Promise.all(loops);
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
    const again = await startServer(appDir, data);
    try {
      await opts.check(again.base, acknowledged);
    } finally {
      again.child.kill('SIGTERM');
      await new Promise((r) => again.child.once('exit', r));
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

test('reliability: SIGKILL of the server during writes loses no acknowledged insert', () =>
  killDuringWrites<string>({
    fixture: 'hello-app',
    writers: 4,
    target: 300,
    async write(base, seq) {
      const res = await post(`${base}/notes`, { seq });
      return res.status === 201 ? ((await res.json()) as { _id: string })._id : null;
    },
    async check(base, acknowledged) {
      const stored = new Set(((await (await fetch(`${base}/notes`)).json()) as { _id: string }[]).map((d) => d._id));
      const lost = acknowledged.filter((id) => !stored.has(id));
      assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged inserts were lost`);
    },
  }));

test('reliability: SIGKILL during enqueues loses no acknowledged job; all run after the restart', () =>
  killDuringWrites<number>({
    fixture: 'queue-app',
    writers: 2,
    target: 200,
    async write(base, seq) {
      return (await post(`${base}/jobs`, { n: seq })).status === 201 ? seq : null;
    },
    async check(base, acknowledged) {
      const ran = await waitFor(
        async () => {
          const done = new Set(((await (await fetch(`${base}/done`)).json()) as string[]).map((k) => Number(k.slice('done-'.length))));
          return acknowledged.every((n) => done.has(n));
        },
        { timeout: 30_000, what: 'every acknowledged job to run' },
      ).catch(() => false);
      assert.ok(ran, 'some acknowledged jobs never ran after the restart');
    },
  }));

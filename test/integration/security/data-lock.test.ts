import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, REPO_ROOT } from '../../helpers/app-server.js';

const BIN = join(REPO_ROOT, 'bin', 'localhooks.js');

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function run(appDir: string, ...args: string[]): Run {
  const child = spawn(process.execPath, [BIN, 'dev', appDir, '--port', '0', '--no-watch', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out, exited: once(child, 'exit').then(([code]) => code as number | null) };
}

async function ready(r: Run): Promise<number> {
  for (;;) {
    const m = /localhooks ready at http:\/\/localhost:(\d+)\/dev/.exec(r.output());
    if (m) return Number(m[1]);
    const done = await Promise.race([r.exited.then(() => true), once(r.child.stderr!, 'data').then(() => false)]);
    if (done) throw new Error(`exited before it was ready:\n${r.output()}`);
  }
}

test('one server per data folder: a second one exits 1 naming pid and port; a stale lock is taken over with a warning', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'lh-lock-cli-'));
  const appDir = join(root, 'app');
  await cp(join(FIXTURES, 'security-app'), appDir, { recursive: true });
  t.after(() => rm(root, { recursive: true, force: true }));

  const first = run(appDir);
  t.after(() => first.child.kill('SIGKILL'));
  const port = await ready(first);
  const lock = JSON.parse(await readFile(join(appDir, '.localhooks', 'data', 'localhooks.lock'), 'utf8')) as { pid: number; port: number };
  assert.deepEqual({ pid: lock.pid, port: lock.port }, { pid: first.child.pid, port });

  const second = run(appDir);
  assert.equal(await second.exited, 1);
  assert.equal(
    second.output().trim(),
    `localhooks: Another localhooks (pid ${first.child.pid}, port ${port}) is serving the data folder ${join(appDir, '.localhooks', 'data')}. Stop it first (kill ${first.child.pid}), or give this server its own folder with --data <dir>`,
  );
  assert.doesNotMatch(second.output(), /Database failed to open|\n\s+at /, 'no stack');

  const reset = run(appDir, '--reset');
  assert.equal(await reset.exited, 1, 'a data folder in use is not reset');
  assert.match(reset.output(), /Another localhooks \(pid \d+, port \d+\)/);

  first.child.kill('SIGKILL');
  await first.exited;
  const third = run(appDir);
  t.after(() => third.child.kill('SIGKILL'));
  await ready(third);
  assert.match(third.output(), new RegExp(`warn  Took over the data folder lock of localhooks pid ${first.child.pid} \\(port ${port}\\), which is no longer running`));
  third.child.kill('SIGTERM');
  assert.equal(await third.exited, 0);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { FIXTURES, REPO_ROOT } from '../../helpers/app-server.js';

const BIN = join(REPO_ROOT, 'bin', 'localhooks.js');
function serve(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'serve', join(FIXTURES, 'hello-app'), '--port', '0', ...args], { env: { ...process.env, LOCALHOOKS_STORE: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

test('serve: --store takes postgres:// URLs only, from the flag or LOCALHOOKS_STORE, and never echoes a password', async () => {
  const bad = await serve(['--store', 'mysql://root:hunter2@db/app']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /^localhooks: --store expects a postgres:\/\/ URL/);
  assert.doesNotMatch(bad.stderr, /hunter2/);
  const fromEnv = await serve([], { LOCALHOOKS_STORE: 'redis://x' });
  assert.equal(fromEnv.status, 1);
  assert.match(fromEnv.stderr, /--store expects a postgres:\/\/ URL/);
});

test('serve: an unreachable PostgreSQL is LH_STORE_UNREACHABLE-style: exit 1 naming the server, not the password', async () => {
  const r = await serve(['--store', 'postgres://lh:hunter2@127.0.0.1:1/lh?connect_timeout=2']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /Could not connect to PostgreSQL at postgres:\/\/lh@127\.0\.0\.1:1\/lh/);
  assert.doesNotMatch(r.stderr + r.stdout, /hunter2/);
});

test('serve: --import and --export-on-exit need --admin; --reset does not apply to a PostgreSQL store; --help describes serve', async () => {
  const imp = await serve(['--import', FIXTURES]);
  assert.equal(imp.status, 1);
  assert.match(imp.stderr, /--import and --export-on-exit go through the admin API: add --admin/);
  const reset = await serve(['--store', 'postgres://x@127.0.0.1/db', '--reset']);
  assert.equal(reset.status, 1);
  assert.match(reset.stderr, /--reset empties a data folder/);
  const help = await serve(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^localhooks serve \[dir\] \[options\]/);
  assert.match(help.stdout, /--admin {11}also serve the admin API and dashboard/);
});

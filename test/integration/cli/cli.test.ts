import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, REPO_ROOT } from '../../helpers/app-server.js';
import { startDev, type DevProcess } from '../../helpers/dev-process.js';

const BIN = join(REPO_ROOT, 'bin', 'localhooks.js');

function run(args: string[], opts: { untilOutput?: RegExp } = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, PORT: '' } });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (opts.untilOutput?.test(out)) child.kill('SIGTERM');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

test('cli: --help lists the commands, --version prints the version', async () => {
  const help = await run(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.out, /localhooks dev/);
  assert.match(help.out, /Commands:/);
  const v = await run(['--version']);
  assert.match(v.out.trim(), /^\d+\.\d+\.\d+$/);
  const devHelp = await run(['dev', '--help']);
  assert.match(devHelp.out, /--apikey/);
  assert.match(devHelp.out, /--poll/);
  for (const command of ['create', 'workflow-status', 'queue-status', 'jobs', 'webhook']) {
    const h = await run([command, '--help']);
    assert.equal(h.code, 0, `${command} --help exits 0`);
    assert.match(h.out, new RegExp(`localhooks ${command}`));
  }
});

test('cli: unknown command and bad option values are clear errors', async () => {
  const r = await run(['deploy']);
  assert.equal(r.code, 1);
  assert.match(r.out, /unknown command "deploy"/);
  const p = await run(['dev', FIXTURES, '--port', 'abc']);
  assert.equal(p.code, 1);
  assert.match(p.out, /--port must be a whole number/);
});

test('cli: a folder without an entry file says what it looked for', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lh-cli-'));
  try {
    const r = await run(['dev', dir, '--no-watch']);
    assert.equal(r.code, 1);
    assert.match(r.out, /No app entry file/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('cli: a port in use is reported with a --port suggestion', async () => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as { port: number }).port;
  const dir = await mkdtemp(join(tmpdir(), 'lh-cli-'));
  try {
    const r = await run(['dev', join(FIXTURES, 'hello-app'), '--port', String(port), '--no-watch', '--data', dir]);
    assert.equal(r.code, 1);
    assert.match(r.out, new RegExp(`Port ${port} is already in use.*--port ${port + 1}`));
  } finally {
    blocker.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('cli: dev serves a fixture and prints the ready banner with routes', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lh-cli-'));
  try {
    const r = await run(['dev', join(FIXTURES, 'hello-app'), '--port', '0', '--no-watch', '--data', dir], { untilOutput: /routes \(\d+\)[\s\S]*GET \/notes/ });
    assert.match(r.out, /localhooks ready at http:\/\/localhost:\d+\/dev \(compiled in \d+ ms\)/);
    assert.match(r.out, /codehooks-js 1\.4\.\d+/);
    assert.match(r.out, /GET \/hello/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('cli: dev --reset removes the data folder and says what it removed', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lh-cli-'));
  const data = join(dir, 'data');
  try {
    await mkdir(join(data, 'db'), { recursive: true });
    await writeFile(join(data, 'db', 'marker'), 'x');
    const r = await run(['dev', join(FIXTURES, 'hello-app'), '--port', '0', '--no-watch', '--data', data, '--reset'], { untilOutput: /localhooks ready/ });
    assert.match(r.out, new RegExp(`Removed the data folder ${data.replace(/[/.]/g, '\\$&')}`));
    assert.equal(existsSync(join(data, 'db', 'marker')), false);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('AUTH-11 dev --apikey: repeatable, each key opens the API, other requests get 401; without it the API is open', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lh-cli-'));
  const started: DevProcess[] = [];
  try {
    await cp(join(FIXTURES, 'hello-app'), join(dir, 'app'), { recursive: true });
    const keyed = await startDev([join(dir, 'app'), '--data', join(dir, 'keyed'), '--apikey', 'k-one', '--apikey', 'k-two']);
    started.push(keyed);
    const hello = (d: DevProcess, headers: Record<string, string> = {}) => fetch(`${d.url}/hello`, { headers }).then((r) => r.status);
    assert.equal(await hello(keyed), 401);
    assert.equal(await hello(keyed, { 'x-apikey': 'k-one' }), 200);
    assert.equal(await hello(keyed, { 'x-apikey': 'k-two' }), 200);
    assert.equal(await hello(keyed, { 'x-apikey': 'k-three' }), 401);
    const open = await startDev([join(dir, 'app'), '--data', join(dir, 'open')]);
    started.push(open);
    assert.equal(await hello(open), 200);
  } finally {
    await Promise.all(started.map((d) => d.stop()));
    await rm(dir, { recursive: true, force: true });
  }
});

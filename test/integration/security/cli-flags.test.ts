import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { FIXTURES, REPO_ROOT } from '../../helpers/app-server.js';

const BIN = join(REPO_ROOT, 'bin', 'localhooks.js');
const dev = (...args: string[]) => spawnSync(process.execPath, [BIN, 'dev', join(FIXTURES, 'hello-app'), '--no-watch', ...args], { encoding: 'utf8', timeout: 30_000 });

test('cli: --cors takes origins, null or * only; --allowed-host takes names only; both exit 1 with the reason', () => {
  const cors = dev('--cors', 'app.example');
  assert.equal(cors.status, 1);
  assert.match(cors.stderr, /^localhooks: --cors expects an origin like http:\/\/localhost:5173 or https:\/\/app\.example .*\(got "app\.example"\)/);
  const host = dev('--allowed-host', 'http://x.example/');
  assert.equal(host.status, 1);
  assert.match(host.stderr, /^localhooks: --allowed-host expects a host name like my-box\.ts\.net or \.example\.com, without scheme or path \(got "http:\/\/x\.example\/"\)/);
});

test('cli: dev --help lists --cors and --allowed-host', () => {
  const help = dev('--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--cors <origin> {3}also let pages from this origin call the app's routes/);
  assert.match(help.stdout, /--allowed-host <name>\n {24}also answer requests for this host name/);
});

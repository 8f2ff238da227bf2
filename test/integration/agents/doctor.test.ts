// `localhooks doctor`: each problem is reported with its fix and makes the exit code non-zero.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDoctorCommand } from '../../../runtime/cli/commands/doctor.js';
import type { DoctorCheck } from '../../../runtime/agents/doctor.js';
import { captureIo } from '../../helpers/admin-api.js';
import { REPO_ROOT, startDir } from '../../helpers/app-server.js';

const PKG = { name: 'doctor-app', version: '1.0.0', type: 'module', main: 'index.js', dependencies: { 'codehooks-js': '^1.4.3' } };
const INDEX = `import { app } from 'codehooks-js';
app.get('/hello', (req, res) => res.json({ hello: process.env.GREETING }));
export default app.init();
`;

async function appDir(files: Record<string, string | object>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lh-doctor-app-'));
  const all = { 'package.json': PKG, 'index.js': INDEX, '.env': 'GREETING=hi\n', ...files };
  for (const [name, body] of Object.entries(all)) await writeFile(join(dir, name), typeof body === 'string' ? body : JSON.stringify(body));
  return dir;
}

async function freePort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => s.once('listening', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

async function doctor(dir: string, ...extra: string[]): Promise<{ code: number; text: string; checks: Map<string, DoctorCheck> }> {
  const io = captureIo();
  const port = String(await freePort());
  const code = await runDoctorCommand([dir, '--port', port, ...extra], io);
  const json = captureIo();
  assert.equal(await runDoctorCommand([dir, '--port', port, '--json', ...extra], json), code);
  const checks = new Map((JSON.parse(json.stdout) as DoctorCheck[]).map((c) => [c.name, c]));
  return { code, text: io.stdout, checks };
}

test('doctor: a healthy app passes every check and exits 0', async () => {
  const dir = await appDir({});
  try {
    const r = await doctor(dir);
    assert.equal(r.code, 0, r.text);
    assert.match(r.text, /✓ Node\.js: Node \d+/);
    assert.match(r.text, /✓ codehooks-js: codehooks-js \d+\.\d+\.\d+, localhooks' copy/);
    assert.match(r.text, /All checks passed\./);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('doctor: a process.env variable neither .env nor the shell sets is named with its fix', async () => {
  const dir = await appDir({ 'index.js': INDEX.replace('process.env.GREETING', "process.env.GREETING + process.env['PAYMENT_WEBHOOK_SECRET']") });
  try {
    const r = await doctor(dir);
    assert.equal(r.code, 1);
    const env = r.checks.get('environment')!;
    assert.equal(env.ok, false);
    assert.match(env.detail, /PAYMENT_WEBHOOK_SECRET \(index\.js\)/);
    assert.doesNotMatch(env.detail, /GREETING/);
    assert.match(env.fix!, /add to \.env: PAYMENT_WEBHOOK_SECRET=…/);
    assert.match(r.text, /✗ environment: .*\n {4}fix: add to \.env/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('doctor: a variable the app tests before using it is optional: named, not failed; a negated test makes it required', async () => {
  const reads = `
if (process.env.OPT_IF) console.log('on');
const fallback = process.env.OPT_FALLBACK ?? 'x';
const flag = process.env['OPT_TERNARY'] ? 1 : 0;
const secret = process.env.OPT_HELD;
export const verify = (sig) => secret && sig === secret;
if (!process.env.REQ_NEGATED) console.log('missing');
const key = process.env.REQ_HELD;
export const sign = () => { if (!key) throw new Error('REQ_HELD is not set'); return key; };
`;
  const dir = await appDir({ 'index.js': INDEX.replace("import { app } from 'codehooks-js';", `import { app } from 'codehooks-js';${reads}`) });
  try {
    const r = await doctor(dir);
    assert.equal(r.code, 1);
    const env = r.checks.get('environment')!;
    assert.equal(env.ok, false);
    assert.match(env.detail, /^the app reads REQ_NEGATED \(index\.js\), REQ_HELD \(index\.js\), set neither in \.env nor in the shell; optional and unset \(the app tests them first\): OPT_IF \(index\.js\), OPT_FALLBACK \(index\.js\), OPT_TERNARY \(index\.js\), OPT_HELD \(index\.js\)$/);
    assert.match(env.fix!, /^add to \.env: REQ_NEGATED=… REQ_HELD=… /);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('doctor: the summarizer template, which checks signatures only when GITHUB_WEBHOOK_SECRET is set, passes the environment check', async () => {
  const r = await doctor(join(REPO_ROOT, 'templates', 'llm-workflow'));
  const env = r.checks.get('environment')!;
  assert.equal(env.ok, true, env.detail);
  assert.match(env.detail, /optional and unset \(the app tests them first\): GITHUB_WEBHOOK_SECRET \(index\.js\)/);
});

test('doctor: a package the app imports but package.json does not declare is named with npm install', async () => {
  const dir = await appDir({ 'lib.js': "import get from 'lodash/get.js';\nexport const pick = (o) => get(o, 'a');\n", 'index.js': `import { pick } from './lib.js';\n${INDEX}` });
  try {
    const r = await doctor(dir);
    assert.equal(r.code, 1);
    assert.equal(r.checks.get('build')!.ok, true, 'localhooks supplies lodash, so it builds here');
    const deps = r.checks.get('dependencies')!;
    assert.deepEqual([deps.ok, deps.detail, deps.fix?.startsWith('npm install lodash ')], [false, 'imported but not in package.json: lodash (lib.js)', true]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('doctor: a data folder held by a running server is reported with how to free it', async () => {
  const dir = await appDir({});
  const server = await startDir(dir);
  try {
    const r = await doctor(dir);
    assert.equal(r.code, 1);
    const data = r.checks.get('data folder')!;
    assert.equal(data.ok, false);
    assert.match(data.detail, new RegExp(`pid ${process.pid}, port ${server.lh.port}`));
    assert.match(data.fix!, new RegExp(`kill ${process.pid}.*--data`));
    const io = captureIo();
    assert.equal(await runDoctorCommand([dir, '--port', String(server.lh.port)], io), 1);
    assert.match(io.stdout, new RegExp(`✗ port: port ${server.lh.port} is in use\\n {4}fix: .*--port ${server.lh.port + 1}`));
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('doctor: a package.json main that does not exist is reported with its fix', async () => {
  const dir = await appDir({ 'package.json': { ...PKG, main: 'src/server.js' } });
  try {
    const r = await doctor(dir);
    assert.equal(r.code, 1);
    const main = r.checks.get('package.json main')!;
    assert.deepEqual([main.ok, main.detail], [false, '"main": "src/server.js" names a file that does not exist']);
    assert.match(main.fix!, /create src\/server\.js, or point "main" at the app's entry file/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('doctor: an app that does not build fails with the compiler message', async () => {
  const dir = await appDir({ 'index.js': `${INDEX}\nconst broken = ;\n` });
  try {
    const r = await doctor(dir);
    assert.equal(r.code, 1);
    const build = r.checks.get('build')!;
    assert.equal(build.ok, false);
    assert.match(build.detail, /index\.js:\d+:\d+/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('doctor: a folder that is not there is one clear error, not a list of checks', async () => {
  const missing = join(tmpdir(), 'lh-doctor-no-such-folder');
  const io = captureIo();
  assert.equal(await runDoctorCommand([missing, '--port', '8080'], io), 1);
  assert.equal(io.stdout, '');
  assert.equal(io.stderr.trim(), `localhooks doctor: app folder not found: ${missing}`);
});

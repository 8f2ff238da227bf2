// Builds the image without Docker: replays the Dockerfile's stages on a clone of the committed HEAD, each stage's
// root being a temp folder, then starts the ENTRYPOINT with the final stage's ENV and checks the server it starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { healthcheckCommand, interpolate, readCompose, readDockerfile, readDockerignore, REPO, runSegments, stageEnv, stepsOf, type Stage, type Yaml } from './docker-files.js';

/** Commands of a RUN that are replayed; the rest (users, chown, /usr/local/bin, cache cleaning) are root-only image chores. */
const REPLAYED = /^npm (ci|run)\b/;
const START_DEADLINE_MS = 30_000;
const RELOAD_DEADLINE_MS = 20_000;
/** `docker stop` waits 10 s before SIGKILL. */
const STOP_DEADLINE_MS = 10_000;

interface Replayed {
  stages: Stage[];
  roots: string[];
  /** What a RUN did not replay, for the test's diagnostics. */
  skipped: string[];
}

/** An environment like a build container's: none of npm's script variables or NODE_ENV from the test runner. */
function buildEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== 'NODE_ENV' && k !== 'INIT_CWD') env[k] = v;
  // The local npm cache is the registry here when it can be.
  return { ...env, npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false', ...extra };
}

function sh(command: string, cwd: string, env: NodeJS.ProcessEnv): void {
  const r = spawnSync('sh', ['-c', command], { cwd, env, encoding: 'utf8', timeout: 180_000 });
  assert.equal(r.status, 0, `${command} (in ${cwd}) failed:\n${r.stdout}\n${r.stderr}`);
}

/** Replays FROM/WORKDIR/COPY/ENV/RUN of every stage; stage i's `/` is `<tmp>/stage-i`. */
async function replay(context: string, tmp: string): Promise<Replayed> {
  const stages = readDockerfile(context);
  const ignored = readDockerignore(context);
  const roots: string[] = [];
  const skipped: string[] = [];
  for (const stage of stages) {
    const root = join(tmp, `stage-${stage.index}`);
    roots.push(root);
    const inRoot = (p: string) => join(root, p);
    let workdir = '/';
    const env: Record<string, string> = {};
    for (const step of stage.steps) {
      if (step.keyword === 'ENV') {
        for (const [k, v] of step.props) env[k] = v ?? '';
      } else if (step.keyword === 'WORKDIR') {
        workdir = resolve(workdir, step.content);
        await mkdir(inRoot(workdir), { recursive: true });
      } else if (step.keyword === 'COPY') {
        const from = step.flags.get('from');
        const srcRoot = from == null ? context : roots[stages.findIndex((s) => s.name === from || String(s.index) === from)];
        assert.ok(srcRoot, `COPY --from=${from}: no such stage`);
        const srcs = step.args.slice(0, -1);
        const destArg = step.args.at(-1)!;
        const dest = inRoot(resolve(workdir, destArg));
        const intoDir = destArg.endsWith('/') || srcs.length > 1;
        for (const src of srcs) {
          if (from == null) assert.ok(!ignored(src), `COPY ${src}: excluded by .dockerignore`);
          const path = from == null ? join(context, src) : join(srcRoot, src);
          const isDir = (await stat(path)).isDirectory();
          // A folder's contents go to dest; a file goes to dest, or into it when dest is a folder.
          const target = isDir || !intoDir ? dest : join(dest, basename(src));
          // The build context is what .dockerignore leaves.
          const filter = from == null ? (p: string) => !ignored(relative(context, p)) : undefined;
          await cp(path, target, { recursive: true, filter });
        }
      } else if (step.keyword === 'RUN') {
        for (const command of runSegments(step)) {
          if (REPLAYED.test(command)) sh(command, inRoot(workdir), buildEnv(env));
          else skipped.push(`stage ${stage.index}: ${command}`);
        }
      }
    }
  }
  return { stages, roots, skipped };
}

/** Every path under a folder, to show the server writes nothing into its root-owned install folder. */
async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.sort();
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => done(port));
    });
  });
}

async function poll<T>(what: string, deadlineMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done(child.exitCode);
    else child.once('exit', (code) => done(code));
  });
}

/** Runs an exec-form command (a HEALTHCHECK) and returns its exit code. */
function runCheck(cmd: string[], env: NodeJS.ProcessEnv): number | null {
  return spawnSync(cmd[0] === 'node' ? process.execPath : cmd[0]!, cmd.slice(1), { env, timeout: 10_000 }).status;
}

test('LOCAL-01/LOCAL-05/LOCAL-07 image: the Dockerfile\'s steps, replayed on a clone of HEAD, serve an app from /userapp with data in /data', { timeout: 300_000 }, async (t) => {
  const uncommitted = spawnSync('git', ['status', '--porcelain', '--', 'Dockerfile', '.dockerignore', 'docker', 'docker-compose.yml', 'package.json', 'package-lock.json'], { cwd: REPO, encoding: 'utf8' });
  if (uncommitted.status !== 0) {
    t.skip('not a git checkout: the image is built from a clone of HEAD');
    return;
  }
  for (const line of uncommitted.stdout.split('\n').filter(Boolean)) t.diagnostic(`not in the clone (uncommitted): ${line}`);

  const tmp = await mkdtemp(join(tmpdir(), 'lh-image-'));
  let child: ChildProcess | null = null;
  try {
    const context = join(tmp, 'context');
    const clone = spawnSync('git', ['clone', '--quiet', REPO, context], { encoding: 'utf8' });
    assert.equal(clone.status, 0, clone.stderr);

    const { stages, roots, skipped } = await replay(context, join(tmp, 'fs'));
    for (const command of skipped) t.diagnostic(`not replayed (image-only: users, /usr/local, npm cache): ${command}`);
    const final = stages.at(-1)!;
    const root = roots.at(-1)!;
    const workdir = stepsOf(final, 'WORKDIR').at(-1)!.content;

    // Production dependencies only, and the native pieces load without their install scripts.
    const modules = join(root, workdir, 'node_modules');
    for (const dev of ['typescript', 'dockerfile-ast', 'dclint']) assert.ok(!existsSync(join(modules, dev)), `${dev} is a dev dependency`);
    for (const prod of ['esbuild', 'classic-level', 'codehooks-js', 'fastify']) assert.ok(existsSync(join(modules, prod)), `${prod} installed`);

    // `localhooks create` finds its templates in the installed layout (run before the snapshot below).
    const created = spawnSync(process.execPath, [join(root, workdir, 'bin', 'localhooks.js'), 'create', join(tmp, 'created'), '--template', 'crud'], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(created.status, 0, created.stderr);
    assert.ok(existsSync(join(tmp, 'created', 'package.json')));

    // The container's mounts: the app folder (no node_modules, as a fresh app) and the data volume.
    const userapp = join(tmp, 'userapp');
    const data = join(tmp, 'data');
    await cp(join(context, 'test', 'fixtures', 'hello-app'), userapp, { recursive: true });
    await mkdir(data);
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...buildEnv(),
      ...stageEnv(final),
      LOCALHOOKS_HOST: '127.0.0.1',
      LOCALHOOKS_PORT: String(port),
      LOCALHOOKS_APP_DIR: userapp,
      LOCALHOOKS_DATA_DIR: data,
      LOCALHOOKS_BUILD_DIR: join(tmp, 'build'),
      // env_file passes the app's .env in, PORT included: the server must stay on LOCALHOOKS_PORT.
      PORT: '1',
    };
    assert.equal(env.LOCALHOOKS_POLL, '1', 'the image polls');
    assert.equal(stageEnv(final).LOCALHOOKS_BUILD_DIR, '/tmp/localhooks-build', 'bundles stay inside the container');

    const [entry] = stepsOf(final, 'ENTRYPOINT');
    assert.ok(entry?.exec);
    const argv = entry.exec.map((a) => (isAbsolute(a) && existsSync(join(root, a)) ? join(root, a) : a));
    assert.equal(argv[0], 'node');
    const installed = await tree(root);
    let out = '';
    child = spawn(process.execPath, argv.slice(1), { env, cwd: join(root, workdir), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const running = child;
    const origin = `http://127.0.0.1:${port}`;

    const health = await poll('the health endpoint', START_DEADLINE_MS, async () => {
      if (running.exitCode !== null) throw new Error(`the entrypoint exited ${running.exitCode}:\n${out}`);
      const res = await fetch(`${origin}/.localhooks/api/health`);
      const body = (await res.json()) as { status: string; sdk: { source: string } | null };
      return body.status === 'ok' ? body : undefined;
    }).catch((err: Error) => assert.fail(`${err.message}\n${out}`));
    // The app installs nothing: codehooks-js comes from the image's production dependencies.
    assert.equal(health.sdk?.source, 'localhooks');

    const hello = await fetch(`${origin}/dev/hello`);
    assert.equal(hello.status, 200);
    assert.deepEqual(await hello.json(), { message: 'Hello from localhooks', version: 1 });
    const note = await fetch(`${origin}/dev/notes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'kept in /data' }) });
    assert.equal(note.status, 201);
    assert.ok(existsSync(join(data, 'db')), 'the datastore lives in the data volume');
    assert.ok(!existsSync(join(userapp, '.localhooks', 'data')), 'not in the app folder');
    assert.ok(!existsSync(join(userapp, '.localhooks')), 'nothing is written into the app folder (it may be mounted read-only)');
    assert.ok(existsSync(join(tmp, 'build')), 'bundles go to LOCALHOOKS_BUILD_DIR');

    // Hot reload inside the container, by the polling watcher the image turns on.
    const index = join(userapp, 'index.js');
    await writeFile(index, (await readFile(index, 'utf8')).replace('version: 1', 'version: 2'));
    await poll('the reload', RELOAD_DEADLINE_MS, async () => {
      const body = (await (await fetch(`${origin}/dev/hello`)).json()) as { version: number };
      return body.version === 2 ? true : undefined;
    });

    // Both healthchecks pass against the live server.
    const checkEnv = { ...env };
    const imageCheck = healthcheckCommand(stepsOf(final, 'HEALTHCHECK')[0]!);
    assert.equal(runCheck(imageCheck, checkEnv), 0, 'Dockerfile HEALTHCHECK');
    const composeTest = ((interpolate(readCompose(context), {}) as { services: Record<string, { healthcheck: { test: string[] } }> }).services['coderunner-service']!.healthcheck.test as Yaml[]).map(String);
    assert.equal(runCheck(composeTest.slice(1), checkEnv), 0, 'compose healthcheck');

    // `docker stop`: SIGTERM, a clean exit within the grace period.
    running.kill('SIGTERM');
    const code = await Promise.race([exitOf(running), new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), STOP_DEADLINE_MS))]);
    assert.equal(code, 0, `exit after SIGTERM:\n${out}`);
    assert.match(out, /SIGTERM: stopping/);
    // The image's files belong to root and the server runs as node: it must not need to write there.
    assert.deepEqual(await tree(root), installed, 'files appeared in the install folder');
    assert.equal(runCheck(imageCheck, checkEnv), 1, 'the healthcheck fails once the server is gone');
  } finally {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exitOf(child);
    }
    await rm(tmp, { recursive: true, force: true });
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { healthcheckCommand, readDockerfile, readDockerignore, REPO, runSegments, stageEnv, stepsOf, type Stage, type Step } from './docker-files.js';

const BASE = /^node:24-slim(@sha256:[0-9a-f]{64})?$/;
const HEALTH_PATH = '/.localhooks/api/health';

const stages = readDockerfile();
const build = stages[0]!;
const final = stages.at(-1)!;

const npmCommands = (stage: Stage) => stepsOf(stage, 'RUN').flatMap(runSegments).filter((s) => /^npm\s/.test(s));
const at = (s: Step) => `Dockerfile:${s.line}`;

test('LOCAL-12 Dockerfile: multi-stage, every stage on node:24-slim (LTS), the final one copying from the named build stage', () => {
  assert.ok(stages.length >= 2, 'a build stage and a runtime stage');
  for (const s of stages) assert.match(s.image, BASE, `stage ${s.index}`);
  assert.ok(build.name, 'the build stage is named, for COPY --from');
  const fromBuild = stepsOf(final, 'COPY').filter((c) => c.flags.get('from') === build.name);
  assert.ok(fromBuild.length > 0);
});

test('Dockerfile: the build stage installs with dev dependencies, then compiles', () => {
  const npm = npmCommands(build);
  const ci = npm.findIndex((c) => /^npm ci\b/.test(c));
  const compile = npm.findIndex((c) => c === 'npm run build');
  assert.ok(ci >= 0 && compile > ci, npm.join(' | '));
  assert.doesNotMatch(npm[ci]!, /--omit[= ]dev|--production/, 'tsc is a dev dependency');
  // Without --ignore-scripts `npm ci` runs `prepare` (tsc) before the sources are copied.
  assert.match(npm[ci]!, /--ignore-scripts/);
  // The sources reach the stage before the build runs.
  const buildAt = build.steps.findIndex((s) => s.keyword === 'RUN' && s.content === 'npm run build');
  const copied = build.steps.slice(0, buildAt).filter((s) => s.keyword === 'COPY' && !s.flags.has('from')).flatMap((s) => s.args.slice(0, -1));
  assert.ok(copied.includes('.') || (copied.includes('tsconfig.json') && copied.includes('runtime')), copied.join(' '));
});

test('Dockerfile: the final stage installs production dependencies only and takes dist/ from the build stage', () => {
  const npm = npmCommands(final);
  const installs = npm.filter((c) => /^npm (ci|install|i)\b/.test(c));
  assert.equal(installs.length, 1, installs.join(' | '));
  assert.match(installs[0]!, /^npm ci\b/, 'a lockfile install');
  assert.match(installs[0]!, /--omit=dev/);
  // `prepare` would run tsc, which is not installed here.
  assert.match(installs[0]!, /--ignore-scripts/);
  assert.ok(!npm.some((c) => /^npm run\b/.test(c)), 'nothing is built in the final stage');
  const copies = stepsOf(final, 'COPY');
  const fromBuild = copies.filter((c) => c.flags.get('from') === build.name).map((c) => c.args[0]);
  assert.ok(fromBuild.some((p) => /\/dist(\/runtime)?$/.test(p!)), `dist/ from the build stage: ${fromBuild.join(' ')}`);
  // Sources stay in the build stage.
  const fromContext = copies.filter((c) => !c.flags.has('from')).flatMap((c) => c.args.slice(0, -1));
  for (const src of fromContext) assert.doesNotMatch(src, /^(\.|runtime|sdk|test|tsconfig\.json)$/, `final stage copies ${src}`);
});

test('Dockerfile: the image holds what the npm package ships (package.json "files"), docs aside', () => {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { files: string[] };
  const workdir = stepsOf(final, 'WORKDIR').at(-1)!.content;
  const copies = stepsOf(final, 'COPY').map((c) => ({ from: c.flags.get('from'), srcs: c.args.slice(0, -1), dest: join(workdir, c.args.at(-1)!) }));
  for (const entry of pkg.files.filter((f) => f !== 'docs')) {
    const target = join(workdir, entry);
    const covered = copies.some((c) => (c.dest === target || target.startsWith(`${c.dest}/`)) && (c.from === build.name || c.srcs.includes(entry)));
    assert.ok(covered, `${entry} is copied to ${target}`);
  }
});

test('Dockerfile: runs as a non-root user who owns /data', () => {
  const users = stepsOf(final, 'USER');
  const user = users.at(-1);
  assert.ok(user, 'a USER instruction in the final stage');
  const name = user.args[0]!.split(':')[0]!;
  assert.ok(name !== 'root' && name !== '0', `USER ${user.content}`);
  const userIdx = final.steps.indexOf(user);
  const chown = final.steps
    .slice(0, userIdx)
    .filter((s) => s.keyword === 'RUN')
    .flatMap(runSegments)
    .find((c) => c.startsWith('chown '));
  assert.ok(chown, 'a chown before USER');
  assert.match(chown, new RegExp(`^chown (-R )?${name}(:${name})? .*/data\\b`));
  // Nothing after USER expects root.
  assert.ok(!final.steps.slice(userIdx).some((s) => s.keyword === 'RUN'), 'no RUN after USER');
});

test('LOCAL-01 Dockerfile: EXPOSE 8080 and a HEALTHCHECK that fetches /.localhooks/api/health with node (no curl in the image)', () => {
  assert.deepEqual(stepsOf(final, 'EXPOSE').map((s) => s.content), ['8080']);
  const checks = stepsOf(final, 'HEALTHCHECK');
  assert.equal(checks.length, 1);
  const cmd = healthcheckCommand(checks[0]!);
  assert.equal(cmd[0], 'node');
  assert.equal(cmd[1], '-e');
  assert.match(cmd[2]!, /\bfetch\(/);
  assert.ok(cmd[2]!.includes(HEALTH_PATH), cmd[2]);
  assert.match(cmd[2]!, /process\.env\.LOCALHOOKS_PORT\|\|8080/);
  assert.ok(!cmd.some((a) => /\b(curl|wget)\b/.test(a)));
  for (const flag of ['interval', 'timeout', 'start-period']) assert.match(checks[0]!.flags.get(flag) ?? '', /^\d+(ms|s|m)$/, `--${flag}`);
});

test('LOCAL-01/LOCAL-05 Dockerfile: the entrypoint runs `localhooks dev /userapp --data /data` on 0.0.0.0, polling, admin API open', () => {
  const [entry, ...more] = stepsOf(final, 'ENTRYPOINT');
  assert.ok(entry && more.length === 0);
  assert.ok(entry.exec, `${at(entry)}: exec form, so signals reach node`);
  assert.equal(entry.exec[0], 'node');
  const script = entry.exec[1]!;
  // The script is copied to where the ENTRYPOINT looks for it.
  const workdir = stepsOf(final, 'WORKDIR').at(-1)!.content;
  const copied = stepsOf(final, 'COPY').find((c) => !c.flags.has('from') && c.args[0] === 'docker/entrypoint.mjs');
  assert.ok(copied, 'docker/entrypoint.mjs is copied');
  assert.equal(join(workdir, copied.args.at(-1)!), script);
  const source = readFileSync(join(REPO, 'docker', 'entrypoint.mjs'), 'utf8');
  const code = source.replace(/\/\/.*$/gm, '');
  assert.match(code, /'dev',\s*env\.LOCALHOOKS_APP_DIR \|\| '\/userapp',\s*'--data',\s*env\.LOCALHOOKS_DATA_DIR \|\| '\/data',\s*'--port',\s*env\.LOCALHOOKS_PORT \|\| '8080',\s*\.\.\.process\.argv\.slice\(2\)/);
  assert.match(source, /from '\.\.\/dist\/runtime\/cli\/main\.js'/);
  const env = stageEnv(final);
  assert.equal(env.LOCALHOOKS_HOST, '0.0.0.0');
  assert.equal(env.LOCALHOOKS_POLL, '1');
  assert.equal(env.LOCALHOOKS_ADMIN_OPEN, '1');
  assert.equal(env.PORT, undefined, 'PORT belongs to the host side of the port mapping');
});

test('.dockerignore: keeps node_modules, dist, .git and .localhooks out of the build context, and nothing a COPY needs', () => {
  const ignored = readDockerignore();
  for (const p of ['node_modules', 'node_modules/esbuild/package.json', 'dist/runtime/app.js', '.git', 'templates/x/.localhooks/build', 'test/fixtures/hello-app/index.js']) {
    assert.ok(ignored(p), `${p} is ignored`);
  }
  // The context a clone of the repository sends: tracked files that .dockerignore keeps.
  const context = execFileSync('git', ['ls-files'], { cwd: REPO, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f && !ignored(f));
  for (const need of ['package.json', 'package-lock.json', 'tsconfig.json', 'bin/localhooks.js', 'docker/entrypoint.mjs', 'runtime/app.ts', 'runtime/cli/main.ts', 'templates/crud/index.js']) {
    assert.ok(context.includes(need), `${need} is in the build context (and committed)`);
  }
  // tsc compiles every .ts it is given: tests and benchmarks stay out.
  assert.ok(!context.some((f) => /^(test|bench)\//.test(f)));
  const sources = stages.flatMap((s) => stepsOf(s, 'COPY').filter((c) => !c.flags.has('from')).flatMap((c) => c.args.slice(0, -1)));
  for (const src of sources) {
    if (src === '.') continue;
    assert.ok(context.some((f) => f === src || f.startsWith(`${src}/`)), `COPY ${src}: in the build context and committed`);
  }
});

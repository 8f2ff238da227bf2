// The committed summarizer (fixture and llm-workflow template) is the seed's index.js, unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FIXTURES, REPO_ROOT } from '../../helpers/app-server.js';
import { STEPS } from './summarizer-app.js';

const SEED = join(REPO_ROOT, '..', 'shared', 'seeds', '000_255f8f7624501335.txt');
const SCRIPT = join(REPO_ROOT, 'scripts', 'extract-seed.mjs');
const FIXTURE = join(FIXTURES, 'summarizer', 'index.js');
const TEMPLATE = join(REPO_ROOT, 'templates', 'llm-workflow', 'index.js');

test('seed: the fixture and the llm-workflow template are the summarizer index.js, unchanged', async () => {
  const fixture = await readFile(FIXTURE, 'utf8');
  assert.equal(await readFile(TEMPLATE, 'utf8'), fixture, 'template and fixture differ');
  assert.ok(fixture.startsWith("import { app, Datastore } from 'codehooks-js';\n"));
  assert.ok(fixture.endsWith('export default app.init();\n'));
  for (const step of STEPS) assert.match(fixture, new RegExp(`^${step}: async \\(state, goto\\) => \\{$`, 'm'), `step ${step}`);
  if (!existsSync(SEED)) return; // CI without ../shared: the checks above still hold
  const { stdout } = await promisify(execFile)(process.execPath, [SCRIPT, SEED, '--stdout'], { maxBuffer: 1 << 20 });
  assert.equal(fixture, stdout, 'run: node scripts/extract-seed.mjs');
});

test('seed: extract-seed --check fails on a stale output and names it', async () => {
  if (!existsSync(SEED)) return;
  const run = promisify(execFile);
  await run(process.execPath, [SCRIPT, '--check']);
  const bad = await run(process.execPath, [SCRIPT, join(FIXTURES, 'summarizer', '.env'), '--check']).catch((e: { code: number; stderr: string }) => e);
  assert.equal((bad as { code: number }).code, 1);
  assert.match((bad as { stderr: string }).stderr, /no line "import \{ app, Datastore \}/);
});

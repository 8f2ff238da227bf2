// The test kit's scenarios under vitest and jest (ESM), each in its own process the way an app author runs
// them; both read the compiled scenario module, so `npm test` builds first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../helpers/app-server.js';
import { SCENARIOS } from '../../helpers/testkit-scenarios.js';

interface RunnerReport {
  passed: string[];
  failed: string[];
  out: string;
}

async function runner(args: string[], parse: (json: unknown) => { passed: string[]; failed: string[] }): Promise<RunnerReport> {
  const dir = await mkdtemp(join(tmpdir(), 'lh-runner-'));
  const report = join(dir, 'report.json');
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' };
  delete env.NODE_TEST_CONTEXT; // set by our own runner; the child is not a node:test child
  let out = '';
  try {
    const r = await promisify(execFile)(process.execPath, [...args, report], { cwd: REPO_ROOT, env, timeout: 180_000, maxBuffer: 16 << 20 });
    out = r.stdout + r.stderr;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    out = `${e.stdout ?? ''}${e.stderr ?? ''}${e.message}`;
  }
  try {
    return { ...parse(JSON.parse(await readFile(report, 'utf8'))), out };
  } catch {
    return { passed: [], failed: ['(no report)'], out };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

type JestLike = { testResults: Array<{ assertionResults: Array<{ title: string; status: string }> }> };
const byStatus = (json: unknown) => {
  const tests = (json as JestLike).testResults.flatMap((f) => f.assertionResults);
  return { passed: tests.filter((t) => t.status === 'passed').map((t) => t.title), failed: tests.filter((t) => t.status !== 'passed').map((t) => t.title) };
};

function check(name: string, r: RunnerReport): void {
  // Each runner's drip timing, for the log (no assertion on time: that is the bench's job).
  for (const raw of r.out.split('\n')) {
    const line = raw.replace(/\x1b\[[0-9;]*m/g, '').trim();
    if (line.startsWith('drip:')) console.log(`${name}: ${line}`);
  }
  assert.deepEqual(r.failed, [], r.out);
  assert.deepEqual([...r.passed].sort(), SCENARIOS.map((s) => s.name).sort(), r.out);
}

test('test kit: every scenario passes under vitest', { timeout: 240_000 }, async () => {
  const bin = join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs');
  check('vitest', await runner([bin, 'run', '--config', 'test/runners/vitest.config.js', '--reporter=json', '--reporter=default', '--outputFile.json'], byStatus));
});

test('test kit: every scenario passes under jest (native ESM)', { timeout: 240_000 }, async () => {
  const bin = join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
  check('jest', await runner(['--experimental-vm-modules', '--no-warnings', bin, '--config', 'test/runners/jest.config.js', '--json', '--outputFile'], byStatus));
});

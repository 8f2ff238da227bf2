// `localhooks describe` (one screen and --json) against the running summarizer template, and `localhooks prompt`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runDescribe } from '../../../runtime/cli/commands/describe.js';
import type { Description } from '../../../runtime/agents/describe.js';
import { TOOLS } from '../../../runtime/agents/tools.js';
import { VERSION } from '../../../runtime/version.js';
import { captureIo } from '../../helpers/admin-api.js';
import { postJson, REPO_ROOT, waitFor } from '../../helpers/app-server.js';
import { origin, scaffold } from '../templates/scaffold.js';

test('describe: one screen with URLs, versions, manifest, collections with counts, workflows with instances, LLM mode; --json the same', async () => {
  const s = await scaffold('llm-workflow');
  try {
    const app = await s.serve();
    const url = origin(app);
    assert.equal((await app.fetch('/summaries', postJson({ text: 'Describe shows the app. It lists collections.' }))).status, 200);
    const done = async () => ((await (await fetch(`${url}/.localhooks/api/workflows/status`)).json()) as { workflows: { completed: number }[] }).workflows[0]?.completed === 1;
    await waitFor(done, { what: 'the summarize workflow to finish' });

    const io = captureIo();
    assert.equal(await runDescribe(['--url', url], io), 0, io.stderr);
    const screen = io.stdout;
    assert.match(screen, new RegExp(`^localhooks ${VERSION.replace(/\./g, '\\.')} · codehooks-js \\d+\\.\\d+\\.\\d+ .* · LLM offline`));
    assert.ok(screen.includes(`App        ${app.base}`));
    assert.ok(screen.includes(`Dashboard  ${url}/.localhooks/`));
    assert.ok(screen.includes(`(OpenAPI: ${url}/.localhooks/api/openapi.json)`));
    assert.match(screen, /Routes \(3\) {2}POST \/summaries, GET \/summaries, POST \/webhook\/summarize/);
    assert.match(screen, /Workflows {2}summarize \[start → checkCache → .*\]: 1 instances \(0 active, 1 done\)/);
    assert.match(screen, /summaries \(1\)/);
    assert.match(screen, /\nQueues {5}the workflows' \d+ step queues \(localhooks queue-status\)\n/);
    assert.ok(screen.split('\n').length <= 25, 'fits one screen');

    const json = captureIo();
    assert.equal(await runDescribe(['--url', url, '--json'], json), 0);
    const d = JSON.parse(json.stdout) as Description;
    assert.equal(d.llm.mode, 'offline');
    assert.deepEqual(d.collections.find((c) => c.name === 'summaries'), { name: 'summaries', count: 1 });
    assert.deepEqual(d.workflows.map((w) => [w.name, w.instances, w.completed]), [['summarize', 1, 1]]);
    assert.equal(d.urls.openapi, `${url}/.localhooks/api/openapi.json`);
    assert.equal(d.build.status, 'ok');
    assert.deepEqual(d.queues, []);
    assert.ok(d.workflowQueues > 0);
  } finally {
    await s.remove();
  }
});

test('describe: no server at the address is a clear error, exit 1', async () => {
  const io = captureIo();
  assert.equal(await runDescribe(['--url', 'http://127.0.0.1:9'], io), 1);
  assert.match(io.stderr, /No localhooks server at http:\/\/127\.0\.0\.1:9 — start one with: localhooks dev/);
});

test('prompt: prints the context for AGENTS.md: run, doctor, describe, the test kit and every MCP tool', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [join(REPO_ROOT, 'bin', 'localhooks.js'), 'prompt']);
  for (const s of ['npx localhooks dev', 'npx localhooks doctor', 'npx localhooks describe', "from 'localhooks/testing'", 'startTestServer', 'openapi.json', 'npx localhooks mcp']) assert.ok(stdout.includes(s), s);
  for (const t of TOOLS) assert.match(stdout, new RegExp(`^- ${t.name}: `, 'm'));
  assert.ok(stdout.split('\n').length < 80, 'concise');
});

test('cli: mcp, describe, doctor and prompt are listed in --help, each with its usage and an example', async () => {
  const run = (...args: string[]) => promisify(execFile)(process.execPath, [join(REPO_ROOT, 'bin', 'localhooks.js'), ...args]);
  const { stdout: help } = await run('--help');
  for (const name of ['mcp', 'describe', 'doctor', 'prompt']) {
    assert.match(help, new RegExp(`\\n  ${name} +\\S`), `${name} in --help`);
    const { stdout } = await run(name, '--help');
    assert.match(stdout, new RegExp(`^localhooks ${name}`));
    assert.match(stdout, /Examples?\b|localhooks prompt >> AGENTS\.md/);
  }
});

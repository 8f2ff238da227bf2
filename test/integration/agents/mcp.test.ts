// `localhooks mcp` driven by the official MCP client (@modelcontextprotocol/sdk) over stdio, against the summarizer
// template (templates/llm-workflow) served in-process with watching on, as `localhooks dev` serves it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { MovableClock } from '../../../runtime/movable-clock.js';
import { REPO_ROOT, type TestApp } from '../../helpers/app-server.js';
import { origin, scaffold, type Scaffold } from '../templates/scaffold.js';

type Args = Record<string, unknown>;
type Answer = { isError?: boolean; content: { type: string; text: string }[] };

const JOB = `app.job('0 3 * * *', async (req, res) => {\n  console.log('nightly cleanup ran');\n  res.end();\n});\n\nexport default app.init();`;
const NOTES_ROUTE = `app.post('/notes', async (req, res) => {
  const db = await Datastore.open();
  const note = await db.insertOne('notes', { text: req.body.text, at: new Date().toISOString() });
  console.log('note stored', note._id);
  res.status(201).json(note);
});
app.get('/stall', () => {});

export default app.init();`;

let s: Scaffold;
let app: TestApp;
let client: Client;
let clock: MovableClock;
const text = (a: Answer) => a.content.map((c) => c.text).join('\n');
const call = async (name: string, args: Args = {}) => (await client.callTool({ name, arguments: args })) as Answer;
async function ok(name: string, args: Args = {}): Promise<any> {
  const a = await call(name, args);
  assert.notEqual(a.isError, true, `${name}(${JSON.stringify(args)}) failed: ${text(a)}`);
  return JSON.parse(text(a));
}

before(async () => {
  s = await scaffold('llm-workflow');
  const index = join(s.dir, 'index.js');
  await writeFile(index, (await readFile(index, 'utf8')).replace('export default app.init();', JOB));
  clock = new MovableClock();
  app = await s.serve({ watch: true, clock, llmJournal: 20, timeoutMs: 5_000 });
  client = new Client({ name: 'localhooks-test', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [join(REPO_ROOT, 'bin', 'localhooks.js'), 'mcp', '--url', origin(app)], stderr: 'pipe' }));
});

after(async () => {
  await client?.close();
  clock?.stop();
  await s?.remove();
});

/** Per tool: a valid input (or a function making one from earlier answers) and an invalid one with the field its error names. */
const CASES: Record<string, { valid: Args | (() => Promise<Args>); invalid: Args; field: string }> = {
  app_manifest: { valid: {}, invalid: { verbose: true }, field: 'verbose' },
  build_status: { valid: {}, invalid: { timeoutMs: 'soon' }, field: 'timeoutMs' },
  call_route: { valid: { method: 'POST', path: '/summaries', body: { text: 'Agents drive localhooks. They read logs and data.' } }, invalid: { method: 'FETCH', path: '/summaries' }, field: 'method' },
  read_logs: { valid: { tail: 5 }, invalid: { tail: 0 }, field: 'tail' },
  send_webhook: { valid: { provider: 'github', event: 'issues.opened', to: '/webhook/summarize' }, invalid: { provider: 'github', event: 'issues.opened' }, field: 'to' },
  webhook_providers: { valid: {}, invalid: { provider: 1 }, field: 'provider' },
  list_collections: { valid: {}, invalid: { name: 'x' }, field: 'name' },
  query_documents: { valid: { collection: 'workflowdata', filter: {}, limit: 2 }, invalid: { collection: 'workflowdata', limit: 5000 }, field: 'limit' },
  insert_documents: { valid: { collection: 'tasks', documents: [{ title: 'a' }, { title: 'b' }] }, invalid: { collection: 'tasks', document: 'title=a' }, field: 'document' },
  update_documents: { valid: { collection: 'tasks', filter: { title: 'a' }, update: { $set: { done: true } } }, invalid: { collection: 'tasks', filter: {} }, field: 'update' },
  delete_documents: { valid: { collection: 'tasks', filter: { title: 'b' } }, invalid: { filter: {} }, field: 'collection' },
  kv_set: { valid: { key: 'session/1', value: 'on', ttl: 86_400_000 }, invalid: { key: 'session/1' }, field: 'value' },
  kv_get: { valid: { key: 'session/1' }, invalid: { key: '' }, field: 'key' },
  kv_list: { valid: { prefix: 'session/' }, invalid: { prefix: 7 }, field: 'prefix' },
  queue_status: { valid: {}, invalid: { topic: 'x' }, field: 'topic' },
  dead_letters: { valid: {}, invalid: { topic: '' }, field: 'topic' },
  retry_dead_letters: { valid: { topic: 'nothing-dead' }, invalid: { id: 42 }, field: 'id' },
  workflow_status: { valid: {}, invalid: { state: 'sleeping' }, field: 'state' },
  workflow_instance: {
    valid: async () => ({ id: (await ok('workflow_status', { instances: true })).instances[0]._id }),
    invalid: {},
    field: 'id',
  },
  list_jobs: { valid: {}, invalid: { next: 3 }, field: 'next' },
  run_job: { valid: { job: 1 }, invalid: { job: 0 }, field: 'job' },
  advance_clock: { valid: { by: '2h' }, invalid: { by: true }, field: 'by' },
  save_snapshot: { valid: { name: 'before-agent' }, invalid: { name: '../escape' }, field: 'name' },
  restore_snapshot: { valid: { name: 'before-agent' }, invalid: { name: 'a b' }, field: 'name' },
  llm_calls: { valid: { limit: 5 }, invalid: { limit: 'all' }, field: 'limit' },
  llm_faults: { valid: { spec: '429:first1' }, invalid: { clear: 'yes' }, field: 'clear' },
};

test('mcp: lists its tools, each with a JSON Schema input and a description', async () => {
  const { tools } = await client.listTools();
  assert.deepEqual(tools.map((t) => t.name).sort(), Object.keys(CASES).sort());
  for (const t of tools) {
    assert.equal(t.inputSchema.type, 'object', t.name);
    assert.ok((t.description ?? '').length > 20, t.name);
  }
});

test('mcp: every tool answers a valid input, and an invalid one is a tool error naming the field', async () => {
  for (const [name, c] of Object.entries(CASES)) {
    const valid = typeof c.valid === 'function' ? await c.valid() : c.valid;
    await ok(name, valid);
    const bad = await call(name, c.invalid);
    assert.equal(bad.isError, true, `${name} accepted ${JSON.stringify(c.invalid)}`);
    assert.match(text(bad), /^LH_MCP_BAD_INPUT: /, name);
    assert.ok(text(bad).includes(`"${c.field}"`), `${name}: "${text(bad)}" does not name ${c.field}`);
  }
  // A missing argument beside an unknown one names both (the unknown one is likely its misspelling); types read
  // as words.
  assert.equal(text(await call('query_documents', { colection: 'notes' })), 'LH_MCP_BAD_INPUT: query_documents: invalid input: "collection" is required; "colection" is not an argument of this tool');
  assert.equal(text(await call('build_status', { changedFrom: 'yesterday' })), 'LH_MCP_BAD_INPUT: build_status: invalid input: "changedFrom" must be an integer or null');
  // The server is still there after every refusal, and an error of the admin API comes back as a tool error too.
  const missing = await call('workflow_instance', { id: 'no-such-instance' });
  assert.equal(missing.isError, true);
  assert.match(text(missing), /^LH_/);
  const unknown = await call('no_such_tool');
  assert.equal(unknown.isError, true);
  assert.match(text(unknown), /no tool "no_such_tool"/);
});

test('mcp: the results of the tools reflect what they did', async () => {
  const note = await ok('kv_get', { key: 'session/1' });
  assert.equal(note.value, 'on');
  const job = await ok('run_job', { job: '0 3 * * *' });
  assert.equal(job.status, 'ok');
  assert.ok((await ok('read_logs', { contains: 'nightly cleanup ran' })).lines.length >= 1);
  assert.deepEqual((await ok('llm_faults', { clear: true })).rules, []);
  const manifest = await ok('app_manifest');
  assert.ok(manifest.manifest.routes.includes('POST /summaries'));
  assert.deepEqual(manifest.manifest.jobs, ['0 3 * * *']);
});

test('mcp: resources are the docs pages and the manifest', async () => {
  const { resources } = await client.listResources();
  const uris = resources.map((r) => r.uri);
  assert.ok(uris.includes('localhooks://app/manifest'));
  assert.ok(uris.includes('localhooks://docs/agents.md'));
  const manifest = await client.readResource({ uri: 'localhooks://app/manifest' });
  assert.ok(JSON.parse((manifest.contents[0] as { text: string }).text).manifest.routes.includes('GET /summaries'));
  const doc = await client.readResource({ uri: 'localhooks://docs/agents.md' });
  assert.match((doc.contents[0] as { text: string }).text, /localhooks mcp/);
});

test('mcp: an agent adds a route, waits for the reload, calls it, reads its log lines and finds what it stored', async () => {
  const before = await ok('build_status');
  assert.equal(before.status, 'ok');
  const index = join(s.dir, 'index.js');
  await writeFile(index, (await readFile(index, 'utf8')).replace('export default app.init();', NOTES_ROUTE));
  const built = await ok('build_status', { changedFrom: before.at, timeoutMs: 30_000 });
  assert.deepEqual([built.status, built.error], ['ok', null]);
  assert.ok(built.generation > before.generation);

  const res = await ok('call_route', { method: 'POST', path: '/notes', body: { text: 'remember the milk' } });
  assert.equal(res.status, 201);
  assert.equal(res.body.text, 'remember the milk');
  assert.ok(res.logs.some((l: string) => l.includes(`note stored ${res.body._id}`)), res.logs.join('\n'));
  const since = await ok('read_logs', { sinceLastBuild: true });
  assert.ok(since.lines.some((l: string) => l.includes('note stored')));

  const found = await ok('query_documents', { collection: 'notes', filter: { text: 'remember the milk' } });
  assert.deepEqual(found.items.map((d: { _id: string }) => d._id), [res.body._id]);

  // A route that never answers is given up on, not waited for.
  const stalled = await call('call_route', { method: 'GET', path: '/stall', timeoutMs: 300 });
  assert.equal(stalled.isError, true);
  assert.match(text(stalled), /^LH_MCP_TIMEOUT: GET \/dev\/stall did not finish within 300 ms/);
});

test('mcp: a server with no admin API (serve without --admin, or not localhooks) is LH_MCP_NO_ADMIN_API naming the flag', async () => {
  // What a `localhooks serve` without --admin, or any other server, answers under /.localhooks/api: a 404 without a code.
  const other = createServer((req, res) => res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Route not found"}'));
  await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  const c = new Client({ name: 'localhooks-test', version: '1.0.0' });
  await c.connect(new StdioClientTransport({ command: process.execPath, args: [join(REPO_ROOT, 'bin', 'localhooks.js'), 'mcp', '--url', url], stderr: 'pipe' }));
  try {
    const a = (await c.callTool({ name: 'app_manifest', arguments: {} })) as Answer;
    assert.equal(a.isError, true);
    assert.match(text(a), /^LH_MCP_NO_ADMIN_API: .* no admin API there \(a `localhooks serve` started without --admin, or not a localhooks server\)$/);
  } finally {
    await c.close();
    other.close();
  }
});

test('mcp: with no server at --url, the tools answer a tool error saying how to start one', async () => {
  const lonely = new Client({ name: 'localhooks-test', version: '1.0.0' });
  await lonely.connect(new StdioClientTransport({ command: process.execPath, args: [join(REPO_ROOT, 'bin', 'localhooks.js'), 'mcp', '--url', 'http://127.0.0.1:9'], stderr: 'pipe' }));
  try {
    const a = (await lonely.callTool({ name: 'app_manifest', arguments: {} })) as Answer;
    assert.equal(a.isError, true);
    assert.equal(text(a), 'LH_MCP_SERVER_UNREACHABLE: No localhooks server at http://127.0.0.1:9 — start one with: localhooks dev');
    assert.equal((await lonely.listTools()).tools.length, Object.keys(CASES).length);
  } finally {
    await lonely.close();
  }
});

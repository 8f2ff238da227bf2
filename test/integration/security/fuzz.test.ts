// Bounded fuzzing over loopback: random methods, paths, percent-escapes, headers, q=/h= queries, JSON bodies and raw
// socket garbage against an app with routes, crudlify and a workflow. Set FUZZ_SEED to replay a run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import type { TestApp } from '../../helpers/app-server.js';
import { FuzzCases, SEEDED_IDS, type FuzzRequest } from './fuzz-cases.js';
import { startSecurityApp } from './security-app.js';

const REFUSED = 1_000;
const ANY = 2_000;
const GARBAGE = 200;
const CONCURRENCY = 8;
/** Codes of the gateway's own failures: none may appear. */
const GATEWAY_5XX = new Set(['LH_INTERNAL', 'LH_RUNNER_LOST', 'LH_HANDLER_TIMEOUT', 'LH_APP_NOT_READY']);
const REFUSAL_CODES = new Set(['LH_HOST_NOT_ALLOWED', 'LH_CORS_FORBIDDEN', 'LH_ADMIN_CROSS_ORIGIN', 'LH_ADMIN_CSRF', 'LH_BAD_URL', 'LH_URL_TOO_LONG', 'LH_HEADERS_TOO_LARGE']);

interface Answer {
  status: number;
  code?: string;
  text: string;
}

function call(agent: Agent, port: number, r: FuzzRequest): Promise<Answer> {
  return new Promise((resolve) => {
    const headers = { ...r.headers, ...(r.body ? { 'content-length': String(r.body.length) } : {}) };
    // Node's client sends no raw spaces or non-ASCII in a path (raw bytes go through the garbage phase).
    const path = r.path.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
    const req = request({ host: '127.0.0.1', port, agent, method: r.method, path, headers, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let code: string | undefined;
        try {
          code = (JSON.parse(text) as { code?: string }).code;
        } catch {
          // not JSON (HEAD, static files, the app's text answers)
        }
        resolve({ status: res.statusCode ?? 0, code: code ?? (res.headers['x-localhooks-error'] as string | undefined), text });
      });
      res.on('error', () => resolve({ status: 0, text: 'response error' }));
    });
    // The server may close a connection it refused (connection: close): that is an answer, not a crash.
    req.on('error', (e) => resolve({ status: 0, text: (e as NodeJS.ErrnoException).code ?? e.message }));
    req.end(r.body);
  });
}

function rawCall(port: number, bytes: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    let text = '';
    const done = () => {
      clearTimeout(timer);
      s.destroy();
      resolve(Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0));
    };
    // Past the server's (shortened) headers timeout: every connection ends with an answer or a close.
    const timer = setTimeout(done, 3_000);
    s.on('connect', () => s.write(bytes));
    s.on('data', (d) => (text += d.toString('latin1')));
    s.on('close', done);
    s.on('error', done);
  });
}

async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

/** The data refused requests must not touch: app collections, counters and the queue state. */
async function snapshot(app: TestApp): Promise<string> {
  const parts = await Promise.all(['/crud/items', '/crud/notes', '/crud/workflowdata', '/counts'].map(async (p) => JSON.stringify((await app.json(p)).body)));
  const queues = await (await fetch(`http://127.0.0.1:${app.lh.port}/.localhooks/api/queues`)).text();
  return [...parts, queues].join('\n');
}

function tally(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

test('fuzz: refused requests change nothing, nothing gets a 5xx from the gateway, the server never goes down', async (t) => {
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
  const app = await startSecurityApp({ storage: 'memory', httpLimits: { headersTimeoutMs: 1_000, requestTimeoutMs: 2_000 } });
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  t.after(async () => {
    agent.destroy();
    await app.close();
  });
  const port = app.lh.port;
  const cases = new FuzzCases(seed, port);
  const generation = app.lh.host.generation;
  const statuses = new Map<string, number>();
  const failures: string[] = [];
  const started = performance.now();

  // Some data for refused requests to try to change.
  for (const _id of SEEDED_IDS) await app.json('/crud/items', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ _id, name: 'keep me' }) });
  await app.json('/secret', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"secret":"s"}' });
  const before = await snapshot(app);

  await pool(Array.from({ length: REFUSED }, () => cases.refused()), CONCURRENCY, async (r) => {
    const a = await call(agent, port, r);
    tally(statuses, String(a.status));
    const refused = (a.status >= 400 && a.status < 500 && a.code !== undefined && REFUSAL_CODES.has(a.code)) || (a.status === 0 && r.trigger === 'long-url');
    if (!refused && failures.length < 10) failures.push(`not refused (${r.trigger}): ${r.method} ${r.path.slice(0, 120)} ${JSON.stringify(r.headers).slice(0, 200)} → ${a.status} ${a.text.slice(0, 200)}`);
  });
  assert.equal(failures.length, 0, `seed ${seed}:\n${failures.join('\n')}`);
  assert.equal(await snapshot(app), before, `refused requests changed data (seed ${seed})`);

  const anyStatuses = new Map<string, number>();
  await pool(Array.from({ length: ANY }, () => cases.any()), CONCURRENCY, async (r) => {
    const a = await call(agent, port, r);
    tally(statuses, String(a.status));
    tally(anyStatuses, String(a.status));
    if (a.status >= 500 && (a.code === undefined || GATEWAY_5XX.has(a.code)) && failures.length < 10) {
      failures.push(`${r.method} ${r.path.slice(0, 160)} ${JSON.stringify(r.headers).slice(0, 200)} body ${r.body?.toString('utf8').slice(0, 120)} → ${a.status} ${a.text.slice(0, 300)}`);
    }
  });
  const rawStatuses = new Map<string, number>();
  await pool(Array.from({ length: GARBAGE }, () => cases.garbage()), 50, async (bytes) => {
    const status = await rawCall(port, bytes);
    tally(rawStatuses, String(status));
    if (status >= 500 && failures.length < 10) failures.push(`raw ${JSON.stringify(bytes.toString('latin1').slice(0, 80))} → ${status}`);
  });

  const health = await fetch(`http://127.0.0.1:${port}/.localhooks/api/health`);
  const line = (m: Map<string, number>) => [...m].sort(([a], [b]) => Number(a) - Number(b)).map(([s, n]) => `${s}: ${n}`).join(', ');
  const report = [
    `fuzz seed ${seed}: ${REFUSED + ANY} requests + ${GARBAGE} raw connections in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    `  all requests by status   ${line(statuses)}`,
    `  random requests          ${line(anyStatuses)}`,
    `  raw socket garbage       ${line(rawStatuses)} (0 = closed without an answer)`,
  ].join('\n');
  console.log(report);
  for (const l of report.split('\n')) t.diagnostic(l);
  assert.equal(failures.length, 0, `gateway 5xx (seed ${seed}):\n${failures.join('\n')}`);
  assert.equal(health.status, 200, 'the server still answers');
  assert.equal(app.lh.host.generation, generation, 'the coderunner was never replaced (no crash, no hang)');
});

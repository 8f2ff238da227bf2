/**
 * `npm run bench:scale-out`: requests/s and jobs/s of one app served by 1, 2 and 3 `localhooks serve` processes
 * on one PostgreSQL, beside one process on LevelDB, in one run. PostgreSQL is a throwaway server (the test
 * helper's) unless LOCALHOOKS_TEST_PG names one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attach, startPostgres, type TestPostgres } from '../test/helpers/postgres.js';
import { autocannon } from './load.js';

const REPO = new URL('../../', import.meta.url).pathname;
const BIN = join(REPO, 'bin', 'localhooks.js');
const APP = join(REPO, 'test', 'fixtures', 'cluster-app');
const SECONDS = 5;
const CONNECTIONS = 10;
const JOBS = 2000;

interface Proc {
  child: ChildProcess;
  url: string;
  output: () => string;
}

function serve(args: string[]): Promise<Proc> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', APP, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /localhooks ready at http:\/\/localhost:(\d+)\/dev/.exec(out);
      if (m) resolve({ child, url: `http://127.0.0.1:${m[1]}/dev`, output: () => out });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${out}`)));
  });
}

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function measure(label: string, procs: Proc[]): Promise<{ label: string; rps: number; jobs: number }> {
  // Requests: one autocannon per process at once (as a load balancer would spread them), summed.
  const loads = await Promise.all(procs.map((p) => autocannon(`${p.url}/notes`, { connections: CONNECTIONS, seconds: SECONDS, body: {} })));
  const rps = loads.reduce((n, l) => n + l.rps, 0);
  // Jobs: JOBS items with workers: 2 enqueued through every process; jobs/s until the last one ran.
  const started = Date.now();
  const per = JOBS / procs.length;
  await Promise.all(procs.map((p, i) => post(`${p.url}/enqueue`, { from: i * per, n: per })));
  const count = async () => ((await (await fetch(`${procs[0]!.url}/deliveries/count`)).json()) as { count: number }).count;
  while ((await count()) < JOBS) await new Promise((r) => setTimeout(r, 50));
  const jobs = JOBS / ((Date.now() - started) / 1000);
  return { label, rps, jobs };
}

async function stopAll(procs: Proc[]): Promise<void> {
  await Promise.all(procs.map((p) => new Promise<void>((r) => (p.child.exitCode !== null ? r() : (p.child.once('exit', () => r()), p.child.kill('SIGTERM'))))));
}

export async function run(): Promise<void> {
  const pg: TestPostgres = process.env.LOCALHOOKS_TEST_PG ? attach(process.env.LOCALHOOKS_TEST_PG) : await startPostgres();
  const dir = await mkdtemp(join(tmpdir(), 'lh-bench-scale-out-'));
  const rows: { label: string; rps: number; jobs: number }[] = [];
  try {
    const level = [await serve(['--data', join(dir, 'level'), '--build-dir', join(dir, 'build-level')])];
    rows.push(await measure('1 process, LevelDB', level));
    await stopAll(level);
    for (const n of [1, 2, 3]) {
      const url = await pg.createDatabase();
      const procs = await Promise.all(Array.from({ length: n }, (_, i) => serve(['--store', url, '--data', join(dir, `pg${n}-${i}`), '--build-dir', join(dir, `build${n}-${i}`)])));
      rows.push(await measure(`${n} process${n > 1 ? 'es' : ''}, PostgreSQL`, procs));
      await stopAll(procs);
    }
  } finally {
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  }
  const base = rows[0]!;
  console.log(`POST /notes (insertOne), ${CONNECTIONS} connections per process, ${SECONDS} s; ${JOBS} jobs with workers: 2`);
  console.log('setup                     req/s    vs LevelDB   jobs/s   vs LevelDB');
  for (const r of rows) {
    console.log(`${r.label.padEnd(24)} ${r.rps.toFixed(0).padStart(7)} ${(r.rps / base.rps).toFixed(2).padStart(10)}x ${r.jobs.toFixed(0).padStart(8)} ${(r.jobs / base.jobs).toFixed(2).padStart(10)}x`);
  }
  console.log(
    `cores: ${(await import('node:os')).cpus().length}. On a machine where PostgreSQL, the load generators and every localhooks share the same cores, more processes add CPU contention, not CPU: req/s grows with processes only while cores are idle. Jobs run on the queue leader alone (docs/scale-out.md), so jobs/s stays flat as processes are added.`,
  );
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) await run();

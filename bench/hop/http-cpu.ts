/**
 * Where goal 1's CPU goes: CPU µs per request on each thread, for GET /dev/hello through localhooks and for the
 * same route on bare fastify, with the load generator's own CPU beside them. Threads are read from
 * /proc/self/task (Linux only); the busiest thread besides the main one is the coderunner, the rest (GC
 * helpers, libuv pool) is summed. `node dist/bench/hop/http-cpu.js [seconds]`.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import { startLocalhooks } from '../../runtime/app.js';
import { createLogger } from '../../runtime/logger.js';
import { fixtureCopy } from './common.js';

const CONNECTIONS = 32;
const TICK_US = 1e6 / 100; // USER_HZ: /proc reports CPU in 1/100 s

function threadTicks(): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of readdirSync('/proc/self/task')) {
    try {
      const f = readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
      const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
      out.set(t, Number(rest[11]) + Number(rest[12]));
    } catch {
      // the thread ended
    }
  }
  return out;
}

/** autocannon in its own process; a preload reports that process's CPU when it exits. */
async function load(url: string, seconds: number): Promise<{ requests: number; cpuUs: number }> {
  const bin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  const pre = join(tmpdir(), 'lh-bench-cpu-preload.cjs');
  await writeFile(pre, "process.on('exit', () => { const u = process.cpuUsage(); require('fs').writeSync(2, 'CPU ' + (u.user + u.system) + '\\n'); });");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', pre, bin, '-c', String(CONNECTIONS), '-d', String(seconds), '--json', url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', () => {
      try {
        const r = JSON.parse(out) as { requests: { total: number } };
        resolve({ requests: r.requests.total, cpuUs: Number(/CPU (\d+)/.exec(err)?.[1] ?? NaN) });
      } catch (e) {
        reject(e);
      }
    });
  });
}

async function measure(name: string, url: string, seconds: number, log: (l: string) => void): Promise<void> {
  await load(url, 1);
  const before = threadTicks();
  const t0 = performance.now();
  const r = await load(url, seconds);
  const wall = (performance.now() - t0) / 1000;
  const after = threadTicks();
  const main = String(process.pid);
  const deltas = [...after].map(([t, v]) => [t, (v - (before.get(t) ?? 0)) * TICK_US] as const).sort((a, b) => b[1] - a[1]);
  const mainUs = deltas.find(([t]) => t === main)?.[1] ?? 0;
  const others = deltas.filter(([t]) => t !== main);
  const runnerUs = others[0]?.[1] ?? 0;
  const restUs = others.slice(1).reduce((s, [, v]) => s + v, 0);
  // BENCH_THREADS=1: each busy thread's share, to tell the coderunner from the GC helpers when in doubt.
  if (process.env.BENCH_THREADS) log(others.slice(0, 6).map(([t, v]) => `${t}:${(v / r.requests).toFixed(1)}`).join(' '));
  const per = (us: number) => (us / r.requests).toFixed(1).padStart(5);
  log(`${name.padEnd(22)} ${(r.requests / wall).toFixed(0).padStart(6)} req/s   µs/req: main ${per(mainUs)}  2nd thread ${per(runnerUs)}  other threads ${per(restUs)}  load generator ${per(r.cpuUs)}`);
}

export async function run(seconds = 6, log: (l: string) => void = console.log): Promise<void> {
  const hello = await fixtureCopy('hello-app');
  const lh = await startLocalhooks({ appDir: hello, port: 0, watch: false, logger: createLogger({ level: 'warn' }) });
  const bare = Fastify({ logger: false });
  bare.get('/dev/hello', async () => ({ message: 'Hello from localhooks', version: 1 }));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  try {
    const port = (bare.server.address() as { port: number }).port;
    await measure('bare fastify', `http://127.0.0.1:${port}/dev/hello`, seconds, log);
    await measure('localhooks', `http://127.0.0.1:${lh.port}/dev/hello`, seconds, log);
  } finally {
    await bare.close();
    await lh.close();
    await rm(hello, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await run(Number(process.argv[2] ?? 6));

/**
 * Goals 4 and 7: `localhooks dev` on the summarizer, from spawn to the first answer of `GET /dev/summaries`
 * (median of 10; requests sent from the first moment, as a script would), then its resident memory once idle;
 * each beside a bare fastify + classic-level process serving the same route. Targets: start < 600 ms, RSS < 100 MB.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rssOf } from '../server-process.js';
import { fixtureCopy, median, REPO } from './common.js';

const RUNS = Number(process.env.BENCH_HOP_STARTS ?? 10);
const IDLE_MS = 3000;
/** V8 shrinks each thread's heap ~8 s after its last full collection (its memory reducer): read again after that. */
const SETTLED_MS = 12_000;
const BIN = join(REPO, 'bin', 'localhooks.js');
const BARE = new URL('./bare-server.js', import.meta.url).pathname;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Spawns, then asks `url` until it answers 200: ms from spawn to that answer. */
async function startOnce(args: string[], url: string): Promise<{ ms: number; child: ChildProcess }> {
  const t = performance.now();
  const child = spawn(process.execPath, args, { stdio: 'ignore' });
  for (;;) {
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return { ms: performance.now() - t, child };
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited (${child.exitCode})`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((r) => {
    if (child.exitCode !== null) return r();
    child.once('exit', () => r());
    child.kill('SIGTERM');
  });
}

export async function run(log: (line: string) => void = console.log): Promise<{ startMs: number; rssMb: number; settledRssMb: number }> {
  const app = await fixtureCopy('summarizer');
  const data = await mkdtemp(join(tmpdir(), 'lh-bench-hop-data-'));
  try {
    const ours: number[] = [];
    const bare: number[] = [];
    let rss = 0;
    let bareRss = 0;
    let settled = 0;
    let bareSettled = 0;
    let adminMs = 0;
    let adminRss = 0;
    for (let i = 0; i < RUNS; i++) {
      const port = await freePort();
      const last = i === RUNS - 1;
      const a = await startOnce([BIN, 'dev', app, '--port', String(port), '--data', data, '--log-level', 'warn'], `http://127.0.0.1:${port}/dev/summaries`);
      ours.push(a.ms);
      if (last) {
        await new Promise((r) => setTimeout(r, IDLE_MS));
        rss = await rssOf(a.child.pid!);
        await new Promise((r) => setTimeout(r, SETTLED_MS - IDLE_MS));
        settled = await rssOf(a.child.pid!);
        // The admin API loads on its first request: what that first request costs, and the memory after it.
        const t = performance.now();
        const res = await fetch(`http://127.0.0.1:${port}/.localhooks/api/queues`);
        if (!res.ok) throw new Error(`GET /.localhooks/api/queues answered ${res.status}`);
        await res.arrayBuffer();
        adminMs = performance.now() - t;
        await new Promise((r) => setTimeout(r, IDLE_MS));
        adminRss = await rssOf(a.child.pid!);
      }
      await stop(a.child);
      const b = await startOnce([BARE, join(data, 'bare'), String(port)], `http://127.0.0.1:${port}/dev/summaries`);
      bare.push(b.ms);
      if (last) {
        await new Promise((r) => setTimeout(r, IDLE_MS));
        bareRss = await rssOf(b.child.pid!);
        await new Promise((r) => setTimeout(r, SETTLED_MS - IDLE_MS));
        bareSettled = await rssOf(b.child.pid!);
      }
      await stop(b.child);
    }
    const startMs = median(ours);
    const mb = (n: number) => n / 1024 / 1024;
    log(`  runs: ${ours.map((x) => x.toFixed(0)).join(" ")} / bare ${bare.map((x) => x.toFixed(0)).join(" ")}`);
    const bareMs = median(bare);
    log(`start: spawn → first answer of GET /dev/summaries, median of ${RUNS}: localhooks ${startMs.toFixed(0)} ms (range ${Math.min(...ours).toFixed(0)}–${Math.max(...ours).toFixed(0)}), bare fastify ${bareMs.toFixed(0)} ms, ${(startMs / bareMs).toFixed(2)} × bare (target < 600 ms)`);
    log(`memory: idle RSS ${IDLE_MS / 1000} s after start: localhooks ${mb(rss).toFixed(0)} MB, bare fastify ${mb(bareRss).toFixed(0)} MB, ${(rss / bareRss).toFixed(2)} × bare (target < 100 MB)`);
    log(`  ${SETTLED_MS / 1000} s after start, once V8 has shrunk both threads' heaps: localhooks ${mb(settled).toFixed(0)} MB, bare fastify ${mb(bareSettled).toFixed(0)} MB, ${(settled / bareSettled).toFixed(2)} × bare`);
    log(`  first admin API request after start (loads the admin API): ${adminMs.toFixed(0)} ms; idle RSS after it ${mb(adminRss).toFixed(0)} MB`);
    return { startMs, rssMb: mb(rss), settledRssMb: mb(settled) };
  } finally {
    await rm(app, { recursive: true, force: true });
    await rm(data, { recursive: true, force: true });
  }
}

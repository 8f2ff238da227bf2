/**
 * The test kit's cost per test: `startTestServer` + `stop()` (memory storage, manual clock) on the hello
 * fixture, median of 20, beside a bare fastify `listen` + `close` in the same run; and the drip scenario's
 * 97 hours of clock time (388 cron runs) in real time.
 * Run: `npm run build && node dist/bench/testkit/index.js` (or `npm run bench -- testkit`).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import { startTestServer } from '../../runtime/testing.js';

const REPO = new URL('../../../', import.meta.url).pathname;
const RUNS = 20;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function time(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export interface TestkitBenchResult {
  kitMedianMs: number;
  fastifyMedianMs: number;
  dripMedianMs: number;
}

export async function run(log: (line: string) => void = console.log): Promise<TestkitBenchResult> {
  const appDir = join(REPO, 'test', 'fixtures', 'hello-app');
  const kit: number[] = [];
  const bare: number[] = [];
  // One warm-up each: the first start pays for loading esbuild, the SDK and fastify's plugins.
  for (let i = -1; i < RUNS; i++) {
    const k = await time(async () => (await startTestServer({ appDir })).stop());
    const f = await time(async () => {
      const app = Fastify({ logger: false });
      app.get('/dev/hello', async () => ({ ok: true }));
      await app.listen({ port: 0, host: '127.0.0.1' });
      await app.close();
    });
    if (i >= 0) kit.push(k), bare.push(f);
  }
  const kitMedianMs = median(kit);
  const fastifyMedianMs = median(bare);
  log(`testkit: startTestServer + stop (memory storage, hello app), ${RUNS} runs: median ${kitMedianMs.toFixed(1)} ms (min ${Math.min(...kit).toFixed(1)}, max ${Math.max(...kit).toFixed(1)})`);
  log(`  bare fastify listen + close, same run: median ${fastifyMedianMs.toFixed(2)} ms; ratio ${(kitMedianMs / fastifyMedianMs).toFixed(0)}x`);

  const drip: number[] = [];
  for (let i = 0; i < 5; i++) {
    const server = await startTestServer({ appDir: join(REPO, 'test', 'fixtures', 'drip-app'), startTime: '2026-03-02T08:05:00Z' });
    try {
      await fetch(`${server.url}/subscribers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"Ann","email":"ann@example.com"}' });
      drip.push(await time(async () => server.clock.advance('97h')));
    } finally {
      await server.stop();
    }
  }
  const dripMedianMs = median(drip);
  log(`testkit: drip campaign, clock.advance('97h') = 388 cron runs + 2 sends, 5 runs: median ${dripMedianMs.toFixed(0)} ms real time (target well under 1 s)`);
  return { kitMedianMs, fastifyMedianMs, dripMedianMs };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await run();

import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import { startLocalhooks } from '../../runtime/app.js';
import { createLogger } from '../../runtime/logger.js';
import { inboxRatio } from './inbox.js';
import { autocannon as load } from '../load.js';

const autocannon = (url: string, seconds: number) => load(url, { connections: CONNECTIONS, seconds });

const REPO = new URL('../../../', import.meta.url).pathname;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 32;
const RELOADS = 15;

async function bareFastify(): Promise<{ url: string; close(): Promise<void> }> {
  const f = Fastify({ logger: false });
  f.get('/dev/hello', async () => ({ message: 'Hello from localhooks', version: 1 }));
  await f.listen({ port: 0, host: '127.0.0.1' });
  return { url: `http://127.0.0.1:${(f.server.address() as { port: number }).port}/dev/hello`, close: () => f.close() };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function run(log: (line: string) => void = console.log): Promise<{ ratio: number; reloadMedianMs: number; inboxRatio: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'lh-bench-http-'));
  await cp(join(REPO, 'test', 'fixtures', 'hello-app'), dir, { recursive: true });
  const lh = await startLocalhooks({ appDir: dir, port: 0, watch: true, logger: createLogger({ level: 'warn' }) });
  const bare = await bareFastify();
  try {
    const lhUrl = `http://127.0.0.1:${lh.port}/dev/hello`;
    await autocannon(lhUrl, 1);
    await autocannon(bare.url, 1);
    const base = await autocannon(bare.url, SECONDS);
    const ours = await autocannon(lhUrl, SECONDS);
    const ratio = ours.rps / base.rps;
    log(`http: GET /dev/hello, ${CONNECTIONS} connections, ${SECONDS} s each (autocannon in a child process)`);
    log(`  bare fastify   ${base.rps.toFixed(0).padStart(7)} req/s   p50 ${base.p50} ms   p99 ${base.p99} ms   errors ${base.errors}`);
    log(`  localhooks     ${ours.rps.toFixed(0).padStart(7)} req/s   p50 ${ours.p50} ms   p99 ${ours.p99} ms   errors ${ours.errors}`);
    log(`  ratio          ${ratio.toFixed(2)} of bare fastify (target ≥ 0.60)`);

    // Reload latency: save → the first response carrying the new code.
    const source = await readFile(join(dir, 'index.js'), 'utf8');
    const times: number[] = [];
    for (let v = 2; v < RELOADS + 2; v++) {
      const started = performance.now();
      await writeFile(join(dir, 'index.js'), source.replace('version: 1', `version: ${v}`));
      for (;;) {
        const body = (await (await fetch(lhUrl)).json()) as { version: number };
        if (body.version === v) break;
      }
      times.push(performance.now() - started);
      await lh.reload.idle();
      // Saves come seconds apart in real use; measure with the spare runner booted, as a developer gets it.
      await lh.host.spareReady();
    }
    const reloadMedianMs = median(times);
    log(`reload: save → new code served, ${RELOADS} saves: median ${reloadMedianMs.toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms (target median < 300 ms)`);
    await bare.close();
    await lh.close();
    return { ratio, reloadMedianMs, inboxRatio: await inboxRatio(REPO, SECONDS, autocannon, log) };
  } finally {
    await bare.close().catch(() => {});
    await lh.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await run();

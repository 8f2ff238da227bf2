/**
 * Goal 3: save → first response served by the new code, 20 saves while autocannon keeps 8 connections busy on
 * the same route; every request must succeed (0 errors). Target p50 < 100 ms, p95 < 200 ms.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startLocalhooks } from '../../runtime/app.js';
import { createLogger } from '../../runtime/logger.js';
import { autocannon } from '../load.js';
import { fixtureCopy, median, percentile } from './common.js';

const RELOADS = 20;
/** Pause between saves (after the spare runner booted). */
const GAP_MS = 200;

export async function run(log: (line: string) => void = console.log): Promise<{ p50: number; p95: number; errors: number }> {
  const dir = await fixtureCopy('hello-app');
  const lh = await startLocalhooks({ appDir: dir, port: 0, watch: true, logger: createLogger({ level: 'warn' }) });
  const url = `http://127.0.0.1:${lh.port}/dev/hello`;
  try {
    await autocannon(url, { connections: 8, seconds: 1 });
    const source = await readFile(join(dir, 'index.js'), 'utf8');
    const load = autocannon(url, { connections: 8, seconds: Math.ceil((RELOADS * (GAP_MS + 250)) / 1000) + 2 });
    await new Promise((r) => setTimeout(r, 500));
    const times: number[] = [];
    for (let v = 2; v < RELOADS + 2; v++) {
      await new Promise((r) => setTimeout(r, GAP_MS));
      const started = performance.now();
      await writeFile(join(dir, 'index.js'), source.replace('version: 1', `version: ${v}`));
      for (;;) {
        const body = (await (await fetch(url)).json()) as { version: number };
        if (body.version === v) break;
      }
      times.push(performance.now() - started);
      // Saves come seconds apart in real use: measure with the spare runner booted, as a developer gets it.
      await lh.reload.idle();
      await lh.host.spareReady();
    }
    const l = await load;
    const p50 = median(times);
    const p95 = percentile(times, 95);
    log(`reload: save → new code served, ${RELOADS} saves under load: p50 ${p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms (target p50 < 100, p95 < 200); load ${l.rps.toFixed(0)} req/s, failed requests ${l.errors} (target 0)`);
    return { p50, p95, errors: l.errors };
  } finally {
    await lh.close();
    await rm(dir, { recursive: true, force: true });
  }
}

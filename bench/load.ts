import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

/** What one autocannon run measured. */
export interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/**
 * autocannon runs in its own process so the load generator does not share the servers' event loop. With `body`
 * it POSTs that JSON; otherwise it GETs.
 */
export function autocannon(url: string, o: { connections: number; seconds: number; body?: object }): Promise<Load> {
  const bin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  const post = o.body ? ['-m', 'POST', '-H', 'content-type=application/json', '-b', JSON.stringify(o.body)] : [];
  const args = [bin, '-c', String(o.connections), '-d', String(o.seconds), ...post, '--json', url];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', () => {
      try {
        const r = JSON.parse(out) as { requests: { average: number }; latency: { p50: number; p99: number }; errors: number; non2xx: number };
        resolve({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx });
      } catch (err) {
        reject(new Error(`autocannon gave no result: ${(err as Error).message}`));
      }
    });
  });
}

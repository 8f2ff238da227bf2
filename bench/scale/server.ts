import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess, type ServerProcess } from '../server-process.js';

/** A temp folder with `app/index.js` and a `data/` folder; `rm()` removes it. */
export async function appFolder(prefix: string, source: string): Promise<{ dir: string; appDir: string; dataDir: string; rm(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `lh-bench-${prefix}-`));
  const appDir = join(dir, 'app');
  await mkdir(appDir);
  await writeFile(join(appDir, 'index.js'), source);
  return { dir, appDir, dataDir: join(dir, 'data'), rm: () => rm(dir, { recursive: true, force: true }) };
}

export async function startApp(appDir: string, dataDir: string): Promise<ServerProcess> {
  const server = await startServerProcess(appDir, dataDir);
  // The port opens before the first build is served: wait for the app itself.
  for (let i = 0; i < 500; i++) {
    const r = await fetch(`${server.origin}/dev/done`).catch(() => null);
    if (r?.ok || r?.status === 404) return server;
    await new Promise((ok) => setTimeout(ok, 20));
  }
  throw new Error('the app never answered');
}

export async function json<T>(server: ServerProcess, path: string, body?: unknown): Promise<T> {
  const r = await fetch(`${server.origin}/dev${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

/** Polls `GET /dev/done` until it reports `n`; resolves with performance.now() at that moment. */
export async function waitDone(server: ServerProcess, n: number, timeoutMs = 600_000): Promise<number> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const { done } = await json<{ done: number }>(server, '/done');
    if (done >= n) return performance.now();
    if (performance.now() > until) throw new Error(`only ${done} of ${n} done after ${timeoutMs} ms`);
    await new Promise((ok) => setTimeout(ok, 10));
  }
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalhooks, type Localhooks, type LocalhooksOptions } from '../../runtime/app.js';
import { createMemoryLogger } from '../../runtime/logger.js';

/** The repository root, from dist/test/helpers. */
export const REPO_ROOT = new URL('../../../', import.meta.url).pathname;
export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures');

export interface TestApp {
  lh: Localhooks;
  dir: string;
  base: string;
  logs: ReturnType<typeof createMemoryLogger>;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  json<T = unknown>(path: string, init?: RequestInit): Promise<{ status: number; body: T; headers: Headers }>;
  write(file: string, text: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Copies a fixture app to a temp folder (so builds, data and edits stay out of the repo) and serves it on an
 * ephemeral loopback port, with a logger the test can read.
 */
export async function startFixture(name: string, options: Partial<LocalhooksOptions> = {}): Promise<TestApp> {
  const dir = await mkdtemp(join(tmpdir(), `lh-${name}-`));
  await cp(join(FIXTURES, name), dir, { recursive: true, filter: (src) => !src.includes('.localhooks') });
  return startDir(dir, options, true);
}

export async function startDir(dir: string, options: Partial<LocalhooksOptions> = {}, owned = false): Promise<TestApp> {
  const logs = createMemoryLogger('debug');
  const lh = await startLocalhooks({ appDir: dir, port: 0, watch: false, logger: logs, ...options });
  const base = lh.url;
  const app: TestApp = {
    lh,
    dir,
    base,
    logs,
    fetch: (path, init) => fetch(base + path, init),
    async json(path, init) {
      const res = await fetch(base + path, init);
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body: body as never, headers: res.headers };
    },
    write: (file, text) => writeFile(join(dir, file), text),
    async close() {
      await lh.close();
      if (owned) await rm(dir, { recursive: true, force: true });
    },
  };
  return app;
}

/** Waits for a condition instead of sleeping a fixed time. */
export async function waitFor<T>(check: () => T | Promise<T>, { timeout = 10_000, interval = 20, what = 'condition' } = {}): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

export function postJson(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

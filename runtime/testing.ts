import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startLocalhooks, type LocalhooksOptions } from './app.js';
import { createMemoryLogger } from './logger.js';

/**
 * Test helpers for apps that run on localhooks, in the spirit of Miniflare's programmatic API:
 *
 * @example
 *   import { startTestServer, waitFor } from 'localhooks/testing';
 *   const server = await startTestServer({ appDir: '.', env: { GITHUB_WEBHOOK_SECRET: 'test' } });
 *   const res = await fetch(`${server.url}/hello`);   // server.url = http://localhost:<free port>/dev
 *   await server.stop();
 */
export interface TestServerOptions extends Omit<LocalhooksOptions, 'port' | 'logger' | 'dataDir'> {
  /** Data folder; default: a fresh temp folder, removed by `stop()`. */
  dataDir?: string;
}

export interface TestServer {
  /** `http://localhost:<port>/<space>`: append the route. */
  url: string;
  origin: string;
  port: number;
  /** Everything the server and the app logged so far (`console.log` lines included). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Serves the app in-process on a free loopback port with its own data folder, no file watching, and offline LLM
 * answers unless `llm` says otherwise (whatever `OPENAI_API_KEY` the shell has).
 */
export async function startTestServer(options: TestServerOptions): Promise<TestServer> {
  const ownData = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'localhooks-test-')));
  const logs = createMemoryLogger('info');
  try {
    const lh = await startLocalhooks({ watch: false, llm: { mode: 'offline' }, ...options, appDir: resolve(options.appDir), dataDir, port: 0, logger: logs });
    return {
      url: lh.url,
      origin: new URL(lh.url).origin,
      port: lh.port,
      output: () => logs.text(),
      async stop() {
        await lh.close();
        if (ownData) await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    if (ownData) await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
}

/** Polls `check` until it returns a truthy value (which it resolves with), instead of sleeping a fixed time. */
export async function waitFor<T>(check: () => T | Promise<T>, what = 'a condition', timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

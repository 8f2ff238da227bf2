/**
 * `localhooks/testing`: run a Codehooks app in your own tests (node:test, vitest, jest), offline and in-process,
 * with one clock for TTL, cron, `runAt`, retries and the app's `Date`. Full guide: docs/testing.md.
 *
 * @example
 *   import { startTestServer } from 'localhooks/testing';
 *   const server = await startTestServer({ appDir: '.', env: { GITHUB_WEBHOOK_SECRET: 'test' } });
 *   await fetch(`${server.url}/subscribers`, { method: 'POST', body: … });  // http://localhost:<port>/dev/…
 *   await server.clock.advance('25h');      // cron ticks, runAt items and TTLs on the way, in order
 *   await server.queues.drain();
 *   assert.equal((await server.db.getMany('email_log').toArray()).length, 1);
 *   await server.stop();
 */
export { startTestServer, type TestServer, type TestServerOptions } from './testing/test-server.js';
export type { TestClock } from './testing/test-clock.js';
export type { TestWorkflows, WorkflowInstance, WorkflowUntil } from './testing/workflows.js';
export type { TestLlm } from './testing/llm-control.js';
export type { LlmCall, LlmMatch, LlmAnswer, FailOptions, ReplyOptions } from './llm/index.js';
export { parseDuration } from './testing/duration.js';
export { TestKitError, TEST_KIT_ERRORS } from './testing/errors.js';

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

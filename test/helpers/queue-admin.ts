import Fastify from 'fastify';
import { createServer } from 'node:net';
import type { CliIo } from '../../runtime/queue/admin-client.js';
import { registerQueueRoutes, type QueueRouteSources } from '../../runtime/queue/index.js';
import { registerCronRoutes, type CronRouteSources } from '../../runtime/cron/index.js';
import { registerWorkflowRoutes, summariesOf, type WorkflowInstanceDoc } from '../../runtime/workflow/index.js';

/** A bare fastify with the admin routes of the sources given, on an ephemeral 127.0.0.1 port. */
export async function startAdminServer(
  sources: Partial<QueueRouteSources & CronRouteSources & { listInstances(): Promise<WorkflowInstanceDoc[]> }>,
): Promise<{ origin: string; port: number; close: () => Promise<void> }> {
  const app = Fastify();
  if (sources.broker) registerQueueRoutes(app, { broker: sources.broker });
  if (sources.cron) registerCronRoutes(app, { cron: sources.cron });
  const list = sources.listInstances;
  if (list) registerWorkflowRoutes(app, { summaries: async function* (reverse) { yield* summariesOf(await list(), reverse); } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { origin: `http://127.0.0.1:${port}`, port, close: () => app.close() };
}

/** A port nothing listens on (bound, then released). */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const address = srv.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** CLI io that records output; `--follow` stops after `maxFrames` and does not sleep. */
export function captureIo(overrides: Partial<CliIo> = {}): CliIo & { stdout(): string; stderr(): string } {
  let out = '';
  let err = '';
  return {
    fetch: globalThis.fetch,
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    env: {},
    isTTY: false,
    sleep: async () => {},
    ...overrides,
    stdout: () => out,
    stderr: () => err,
  };
}

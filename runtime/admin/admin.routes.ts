import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SdkInfo } from '../compiler/index.js';
import type { RunnerHost } from '../runner/host.js';
import { LocalhooksError } from '../errors.js';
import { ADMIN_API } from './prefix.js';
import { VERSION } from '../version.js';
import { maskSecret } from '../env/dotenv.js';

export interface AdminDeps {
  started: number;
  host: RunnerHost;
  sdk(): SdkInfo | null;
  /** The app's `.env` values: the admin API shows their names and masked values only. */
  env?(): Record<string, string>;
  /** Admin calls are answered for loopback clients only, unless opened (Docker publishes the port). */
  open?: boolean;
  extra?: (fastify: FastifyInstance) => Promise<void> | void;
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/** Inspection and control under `/.localhooks/api`, for the CLI and the dashboard. */
export async function registerAdminRoutes(fastify: FastifyInstance, deps: AdminDeps): Promise<void> {
  await fastify.register(
    async (admin) => {
      admin.addHook('onRequest', async (request: FastifyRequest) => {
        if (request.url === `${ADMIN_API}/health` || deps.open || LOOPBACK.test(request.ip)) return;
        throw new LocalhooksError('LH_ADMIN_FORBIDDEN', 'The localhooks admin API answers localhost only (set LOCALHOOKS_ADMIN_OPEN=1 to open it)', { status: 403 });
      });
      admin.get(`${ADMIN_API}/health`, async () => {
        const sdk = deps.sdk();
        return {
          status: deps.host.current ? 'ok' : 'starting',
          version: VERSION,
          uptime: Math.round((Date.now() - deps.started) / 1000),
          generation: deps.host.generation,
          sdk: sdk ? { version: sdk.version, source: sdk.source } : null,
          lastError: deps.host.current ? null : (deps.host.lastError?.message ?? null),
        };
      });
      admin.get(`${ADMIN_API}/env`, async () => {
        const env = deps.env?.() ?? {};
        return { source: '.env', variables: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, maskSecret(v)])) };
      });
      await deps.extra?.(admin);
    },
  );
}

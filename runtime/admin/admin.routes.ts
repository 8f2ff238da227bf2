import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SdkInfo } from '../compiler/index.js';
import type { RunnerHost } from '../runner/host.js';
import { LocalhooksError } from '../errors.js';
import { ADMIN_API } from './prefix.js';
import { maskSecret } from '../env/dotenv.js';
import { HEALTH_PATH, HEALTH_SCHEMA, healthReport } from './health.js';
import { registerOpenApi } from './openapi.js';
import { obj, record, routeSchema, str } from './schema.js';

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

const ENV = routeSchema({ tag: 'app', summary: "The app's .env variable names with masked values", reply: obj({ source: str(), variables: record('name → masked value') }) });

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/** Inspection and control under `/.localhooks/api`, for the CLI and the dashboard. */
export async function registerAdminRoutes(fastify: FastifyInstance, deps: AdminDeps): Promise<void> {
  await fastify.register(
    async (admin) => {
      await registerOpenApi(admin);
      admin.addHook('onRequest', async (request: FastifyRequest) => {
        if (request.url === HEALTH_PATH || deps.open || LOOPBACK.test(request.ip)) return;
        throw new LocalhooksError('LH_ADMIN_FORBIDDEN', 'The localhooks admin API answers localhost only (set LOCALHOOKS_ADMIN_OPEN=1 to open it)', { status: 403 });
      });
      admin.get(HEALTH_PATH, { schema: HEALTH_SCHEMA }, async () => healthReport(deps));
      admin.get(`${ADMIN_API}/env`, { schema: ENV }, async () => {
        const env = deps.env?.() ?? {};
        return { source: '.env', variables: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, maskSecret(v)])) };
      });
      await deps.extra?.(admin);
    },
  );
}

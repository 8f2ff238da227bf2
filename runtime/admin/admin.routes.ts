import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SdkInfo } from '../compiler/index.js';
import type { RunnerHost } from '../runner/host.js';
import { LocalhooksError } from '../errors.js';
import { ADMIN_API } from './prefix.js';
import { VERSION } from '../version.js';
import { maskSecret } from '../env/dotenv.js';
import { registerOpenApi } from './openapi.js';
import { int, nullable, obj, record, routeSchema, str } from './schema.js';

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

const HEALTH = routeSchema({
  tag: 'app',
  summary: 'Server health: version, uptime, the runner generation, the SDK in use, the last build or load error',
  reply: obj({ status: str('ok, or starting while no version of the app serves'), version: str(), uptime: int('seconds'), generation: int(), sdk: nullable(obj({ version: str(), source: str() })), lastError: nullable(str()) }),
});
const ENV = routeSchema({ tag: 'app', summary: "The app's .env variable names with masked values", reply: obj({ source: str(), variables: record('name → masked value') }) });

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/** Inspection and control under `/.localhooks/api`, for the CLI and the dashboard. */
export async function registerAdminRoutes(fastify: FastifyInstance, deps: AdminDeps): Promise<void> {
  await fastify.register(
    async (admin) => {
      await registerOpenApi(admin);
      admin.addHook('onRequest', async (request: FastifyRequest) => {
        if (request.url === `${ADMIN_API}/health` || deps.open || LOOPBACK.test(request.ip)) return;
        throw new LocalhooksError('LH_ADMIN_FORBIDDEN', 'The localhooks admin API answers localhost only (set LOCALHOOKS_ADMIN_OPEN=1 to open it)', { status: 403 });
      });
      admin.get(`${ADMIN_API}/health`, { schema: HEALTH }, async () => {
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
      admin.get(`${ADMIN_API}/env`, { schema: ENV }, async () => {
        const env = deps.env?.() ?? {};
        return { source: '.env', variables: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, maskSecret(v)])) };
      });
      await deps.extra?.(admin);
    },
  );
}

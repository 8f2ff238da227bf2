import type { SdkInfo } from '../compiler/index.js';
import type { RunnerHost } from '../runner/host.js';
import { VERSION } from '../version.js';
import { ADMIN_API } from './prefix.js';
import { int, nullable, obj, routeSchema, str } from './schema.js';

export const HEALTH_PATH = `${ADMIN_API}/health`;

export const HEALTH_SCHEMA = routeSchema({
  tag: 'app',
  summary: 'Server health: version, uptime, the runner generation, the SDK in use, the last build or load error',
  reply: obj({ status: str('ok, or starting while no version of the app serves'), version: str(), uptime: int('seconds'), generation: int(), sdk: nullable(obj({ version: str(), source: str() })), lastError: nullable(str()) }),
});

export interface HealthSources {
  started: number;
  host: RunnerHost;
  sdk(): SdkInfo | null;
}

/**
 * The health answer. Served by the admin route and, before anything else under `/.localhooks/` was asked for, by
 * the HTTP server itself: a health probe (Docker's, a script's) then never loads the admin API.
 */
export function healthReport(deps: HealthSources) {
  const sdk = deps.sdk();
  return {
    status: deps.host.current ? 'ok' : 'starting',
    version: VERSION,
    uptime: Math.round((Date.now() - deps.started) / 1000),
    generation: deps.host.generation,
    sdk: sdk ? { version: sdk.version, source: sdk.source } : null,
    lastError: deps.host.current ? null : (deps.host.lastError?.message ?? null),
  };
}

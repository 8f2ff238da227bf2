/**
 * The official `coho` CLI (npm `codehooks`) against localhooks: with `COHO_APIGW_URL=http://localhost:8080`
 * the CLI sends its data commands to `<url>/<space>/_A_D_M_<op>…`; these routes answer them in the shapes the
 * CLI reads, over the same contract as the admin API. localhooks serves one datastore, so any space name is
 * answered. Tokens (`--admintoken`, a login's bearer token) are accepted and not checked: the admin API's rules
 * (loopback clients, no foreign web page) protect these endpoints. Which commands work: docs/data.md.
 */
import type { FastifyInstance } from 'fastify';
import { AdminError } from '../admin/errors.js';
import { COHO_PREFIX } from './gate.js';
import { registerCohoKeyRoutes } from './keys.routes.js';
import { registerCohoLogRoutes } from './logs.routes.js';
import { registerCohoQueryRoutes } from './query.routes.js';
import type { CohoSources } from './sources.js';

export { COHO_PREFIX, cohoRefusal, isCohoAdminPath } from './gate.js';
export type { CohoSources } from './sources.js';

export function registerCohoRoutes(app: FastifyInstance, sources: CohoSources): void {
  registerCohoQueryRoutes(app, sources);
  registerCohoKeyRoutes(app, sources);
  registerCohoLogRoutes(app, sources);
  // Deploying, usage statistics and the like belong to the cloud.
  app.all<{ Params: { space: string; op: string } }>(`${COHO_PREFIX}/:space/:op`, async (req) => {
    throw new AdminError('LH_ADMIN_NOT_FOUND', `${req.params.op} is a Codehooks cloud operation that localhooks does not serve (localhooks dev runs your local code; see docs/data.md for the coho commands that work)`);
  });
}

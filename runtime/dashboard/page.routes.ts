import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ADMIN_PREFIX } from '../admin/prefix.js';
import { SWAGGER_ASSETS_PATH } from '../server/swagger-assets.js';
import { DashboardError } from './errors.js';

/** Where `npm run build` puts the bundle (scripts/build-dashboard.mjs), from dist/runtime/dashboard. */
const BUNDLE = new URL('../../dashboard/', import.meta.url);
export const DASHBOARD_PATH = `${ADMIN_PREFIX}/`;

/**
 * The page runs only its own bundled script and styles, talks only to its own origin, and cannot be framed:
 * whatever text the app stores (shown in Data, Requests, Logs) cannot become script.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
};
const ASSETS = new Set(['app.js', 'app.css']);
const SWAGGER = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'favicon-32x32.png', 'favicon-16x16.png']);
/** Names people try before reading the banner; each leads to the page. */
const ALIASES = [ADMIN_PREFIX, `${ADMIN_PREFIX}/ui`, `${ADMIN_PREFIX}/dashboard`, `${ADMIN_PREFIX}/index.html`];

/** `GET /.localhooks/` (the dashboard), its assets, and Swagger UI's assets for apps' `app.openapi()` pages. */
export function registerPageRoutes(app: FastifyInstance): void {
  const cache = new Map<string, Buffer>();
  const send = async (reply: FastifyReply, rel: string) => {
    let bytes = cache.get(rel);
    if (!bytes) {
      bytes = await readFile(new URL(rel, BUNDLE)).catch(() => {
        throw new DashboardError('LH_DASHBOARD_NOT_BUILT', `The dashboard bundle is missing (${rel}): run npm run build in the localhooks folder`);
      });
      cache.set(rel, bytes);
    }
    return reply
      .header('content-type', TYPES[extname(rel)] ?? 'application/octet-stream')
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-cache')
      .send(bytes);
  };
  app.get(DASHBOARD_PATH, async (_req, reply) => {
    reply.header('content-security-policy', DASHBOARD_CSP).header('referrer-policy', 'no-referrer').header('x-frame-options', 'DENY');
    return send(reply, 'index.html');
  });
  for (const alias of ALIASES) app.get(alias, async (_req, reply) => reply.redirect(DASHBOARD_PATH, 302));
  app.get<{ Params: { file: string } }>(`${ADMIN_PREFIX}/assets/:file`, async (req, reply) => {
    if (!ASSETS.has(req.params.file)) throw new DashboardError('LH_DASHBOARD_NOT_FOUND', `no dashboard asset ${req.params.file}`);
    return send(reply, req.params.file);
  });
  app.get<{ Params: { file: string } }>(`${SWAGGER_ASSETS_PATH}:file`, async (req, reply) => {
    if (!SWAGGER.has(req.params.file)) throw new DashboardError('LH_DASHBOARD_NOT_FOUND', `no Swagger UI asset ${req.params.file}`);
    reply.header('access-control-allow-origin', '*');
    return send(reply, `vendor/swagger-ui/${req.params.file}`);
  });
}

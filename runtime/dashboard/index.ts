/**
 * The dashboard at `/.localhooks/`: the page (a bundle built by scripts/build-dashboard.mjs), its one live event
 * stream, the overview and the charts' series. Every view draws the admin API under `/.localhooks/api`; the page
 * has no private route.
 */
import type { FastifyInstance } from 'fastify';
import { ADMIN_API } from '../admin/prefix.js';
import type { TopicStatus } from '../queue/types.js';
import { DashboardFeed } from './feed.js';
import { DepthSampler, RequestMetrics, WINDOW_SECONDS } from './metrics.js';
import { overview, type OverviewSources } from './overview.js';
import { registerPageRoutes } from './page.routes.js';
import { int, obj, record, routeSchema, str } from '../admin/schema.js';

const SCHEMAS = {
  overview: routeSchema({ tag: 'app', summary: 'The dashboard overview: app, build, routes, workers, jobs, workflows, counts', reply: record() }),
  series: routeSchema({ tag: 'app', summary: 'Request and queue-depth series for the overview charts', reply: obj({ requests: record(), queues: record(), windowSeconds: int('the span the charts show') }) }),
  events: routeSchema({ tag: 'app', summary: 'Server-sent events of the dashboard: builds, reloads, data changes, stats', produces: 'text/event-stream', reply: str() }),
};

export { DashboardFeed } from './feed.js';
export { DASHBOARD_CSP, DASHBOARD_PATH } from './page.routes.js';
export { DashboardError, DASHBOARD_ERRORS } from './errors.js';
export type { BuildState } from './overview.js';

/** Queue depth is sampled this often for its chart. */
const DEPTH_EVERY_MS = 5000;
/** The live `stats` event (request rate, latency, queue depth) is sent this often while a page is open. */
const STATS_EVERY_MS = 1000;

export interface DashboardDeps extends OverviewSources {
  queueStatus(): TopicStatus[];
}

export interface Dashboard {
  feed: DashboardFeed;
  metrics: RequestMetrics;
  /** The page, its assets and the dashboard's API routes, inside the admin plugin (loopback clients only). */
  register(admin: FastifyInstance): void;
  close(): void;
}

export function createDashboard(deps: DashboardDeps): Dashboard {
  const feed = new DashboardFeed();
  const metrics = new RequestMetrics();
  const depth = new DepthSampler(DEPTH_EVERY_MS);
  const depthNow = () => {
    const d = { waiting: 0, leased: 0, dead: 0 };
    for (const t of deps.queueStatus()) {
      d.waiting += t.waiting + t.scheduled;
      d.leased += t.leased;
      d.dead += t.dead;
    }
    return d;
  };
  const sample = () => depth.add(Math.floor(Date.now() / 1000), depthNow());
  sample();
  const sampler = setInterval(sample, DEPTH_EVERY_MS).unref();
  const ticker = setInterval(() => {
    if (feed.size > 0) feed.publish('stats', { requests: metrics.current(), queues: { t: Math.floor(Date.now() / 1000), ...depthNow() } }, 'stats');
  }, STATS_EVERY_MS).unref();

  return {
    feed,
    metrics,
    register(admin) {
      admin.get(`${ADMIN_API}/overview`, { schema: SCHEMAS.overview }, async () => overview(deps));
      admin.get(`${ADMIN_API}/overview/series`, { schema: SCHEMAS.series }, async () => ({ requests: metrics.series(), queues: depth.series(), windowSeconds: WINDOW_SECONDS }));
      admin.get(`${ADMIN_API}/events`, { schema: SCHEMAS.events }, (req, reply) => feed.connect(req, reply, [{ type: 'hello', data: { build: deps.build() } }]));
      registerPageRoutes(admin);
    },
    close() {
      clearInterval(sampler);
      clearInterval(ticker);
      feed.close();
    },
  };
}

import type { FastifyInstance } from 'fastify';
import { createConn } from '../sdk/conn.js';
import type { Clock } from './clock.js';
import type { CronService } from './cron/index.js';
import type { Logger } from './logger.js';
import type { LogBuffer } from './logs/log-buffer.js';
import type { DataServices } from './services.js';
import { createSnapshotService, type SnapshotService } from './snapshot/index.js';
import type { Store } from './storage/index.js';
import { createTimeService, type TimeService } from './time/index.js';

export interface DataToolsDeps {
  data: DataServices;
  store: Store;
  clock: Clock;
  cron: CronService;
  logger: Logger;
  logs: LogBuffer;
  dataDir: string;
  snapshotsDir: string;
  /** Stops cron and queue deliveries (waiting for what runs) while a snapshot is restored; `resume` restarts them. */
  pause(): Promise<void>;
  resume(): void;
}

export interface DataTools {
  time: TimeService;
  snapshots: SnapshotService;
  /** Adds the data, key-value, log, clock, snapshot and coho routes to the admin API (their modules load then). */
  register(admin: FastifyInstance): Promise<void>;
}

/**
 * The data tools of the admin API (issue: data tools): collections and key-value over the contract, the log
 * stream, time travel, snapshots and the official `coho` CLI's `_A_D_M_*` endpoints, wired from the services.
 */
export function createDataTools(deps: DataToolsDeps): DataTools {
  const { data, clock } = deps;
  const conn = createConn(data.backend);
  const time = createTimeService({ clock, cron: deps.cron, broker: data.broker, kv: data.datastore.kv, sweep: () => data.datastore.sweepExpired() });
  const snapshots = createSnapshotService({ store: deps.store, dataDir: deps.dataDir, dir: deps.snapshotsDir, clock, logger: deps.logger, data, pause: deps.pause, resume: deps.resume });
  const sources = { conn, backend: data.backend, datastore: data.datastore, guard: data.guard, now: () => clock.now() };
  return {
    time,
    snapshots,
    async register(admin) {
      const [{ registerDataRoutes }, { registerLogRoutes }, { registerTimeRoutes }, { registerSnapshotRoutes }, { registerCohoRoutes }] = await Promise.all([
        import('./data-admin/index.js'),
        import('./logs/logs.routes.js'),
        import('./time/time.routes.js'),
        import('./snapshot/snapshot.routes.js'),
        import('./coho/index.js'),
      ]);
      registerDataRoutes(admin, sources);
      registerLogRoutes(admin, { logs: deps.logs });
      registerTimeRoutes(admin, { time });
      registerSnapshotRoutes(admin, { snapshots });
      registerCohoRoutes(admin, { ...sources, logs: deps.logs });
    },
  };
}

/**
 * What several localhooks processes sharing one PostgreSQL store need beyond the store itself: a key lock that
 * holds across processes (pg-key-lock.ts), claims so each cron tick runs once (first insert wins), and fan-out
 * of realtime-relevant calls so a listener connected to one process hears events published through another
 * (LISTEN/NOTIFY). A store that one process owns (LevelDB, memory) needs none of this: `createCluster` → null.
 *
 * @example
 *   const cluster = await createCluster(store, logger);
 *   data.observe(cluster ? cluster.fanOut(realtime.observe, isRealtimeCall) : realtime.observe);
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { CallMethod } from '../../sdk/contract/calls.js';
import type { KeyLock } from '../datastore/key-lock.js';
import type { Logger } from '../logger.js';
import type { CallObserver } from '../services.js';
import { PgStore } from '../storage/pg-store.js';
import type { Store } from '../storage/types.js';
import { PgKeyLock } from './pg-key-lock.js';
import { EventChannel } from './pg-events.js';

export interface Cluster {
  /** Where the shared data lives, for the banner (no password). */
  readonly label: string;
  readonly locks: KeyLock;
  /** True for exactly one process claiming `key`; claims older than a day are forgotten. */
  claim(key: string): Promise<boolean>;
  /** `observer` for this process's calls and, for calls `relevant` picks, for every other process's too. */
  fanOut(observer: CallObserver, relevant: (method: string, args: readonly unknown[]) => boolean): CallObserver;
  close(): Promise<void>;
}

/** Connections for the cross-process key lock: each held lock set keeps one while its work runs. */
const LOCK_POOL_SIZE = 8;
/** How often old claims are deleted: a tick is claimed within seconds, so a day is plenty. */
const PRUNE_EVERY_MS = 10 * 60_000;

/** Writes to realtime's collections (`_event_listeners_…`, `_event_publish_…`): what other processes must hear. */
export function isRealtimeCall(_method: string, args: readonly unknown[]): boolean {
  return typeof args[0] === 'string' && args[0].startsWith('_event_');
}

export async function createCluster(store: Store, logger: Logger): Promise<Cluster | null> {
  if (!(store instanceof PgStore)) return null;
  const lockPool = new pg.Pool({ connectionString: store.url, max: LOCK_POOL_SIZE, application_name: 'localhooks-locks' });
  lockPool.on('error', () => {});
  const events = await EventChannel.open(store, randomUUID(), logger);
  const prune = setInterval(() => {
    store.pool.query("DELETE FROM lh_claims WHERE claimed_at < now() - interval '1 day'").catch(() => {});
  }, PRUNE_EVERY_MS);
  prune.unref();
  return {
    label: `PostgreSQL ${store.label}`,
    locks: new PgKeyLock(lockPool),
    async claim(key) {
      const r = await store.pool.query('INSERT INTO lh_claims (key) VALUES ($1) ON CONFLICT (key) DO NOTHING', [key]);
      return r.rowCount === 1;
    },
    fanOut(observer, relevant) {
      // Only this process's own calls were typed; a peer's method name is one of the same contract's.
      events.onCall((method, args, result) => observer(method as CallMethod, args, result));
      return (method, args, result) => {
        observer(method, args, result);
        if (relevant(method, args)) events.publish(method, args, result);
      };
    },
    async close() {
      clearInterval(prune);
      await events.close();
      await lockPool.end();
    },
  };
}

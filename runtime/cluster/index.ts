/**
 * What several localhooks processes sharing one PostgreSQL store need beyond the store itself: a key lock that
 * holds across processes (pg-key-lock.ts), claims so each cron tick runs once (first insert wins), fan-out of
 * realtime-relevant calls so a listener connected to one process hears events published through another
 * (LISTEN/NOTIFY), and one queue leader that delivers every process's items (queue-share.ts). A store that one process owns (LevelDB, memory) needs none of this: `createCluster` → null.
 *
 * @example
 *   const cluster = await createCluster(store, logger);
 *   data.observe(cluster ? cluster.observe(toRealtime) : toRealtime);
 *   await cluster?.shareQueue(broker, () => attachCurrentRunner());
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { loadPg } from '../storage/pg-driver.js';
import type { CallMethod } from '../../sdk/contract/calls.js';
import type { KeyLock } from '../datastore/key-lock.js';
import type { Logger } from '../logger.js';
import type { BrokerOptions, QueueBroker } from '../queue/index.js';
import type { CallObserver } from '../services.js';
import { PgStore } from '../storage/pg-store.js';
import type { Store } from '../storage/types.js';
import { PgKeyLock } from './pg-key-lock.js';
import { EventChannel } from './pg-events.js';
import { MetaWatchStore } from './meta-watch.js';
import { shareQueue, type QueueRole } from './queue-share.js';

export interface Cluster {
  /** Where the shared data lives, for the banner (no password). */
  readonly label: string;
  readonly locks: KeyLock;
  /** Queue item ids that cannot collide with another process's. */
  readonly queueOptions: Pick<BrokerOptions, 'newId'>;
  /** True for exactly one process claiming `key`; claims older than a day are forgotten. */
  claim(key: string): Promise<boolean>;
  /**
   * Returns the observer to give the data services: it calls `realtime` for this process's calls, tells the other
   * processes about realtime writes and new queue items, and calls `realtime` for their realtime writes.
   */
  observe(realtime: CallObserver): CallObserver;
  /** The store to build the datastore on: it tells the other processes when collection metadata changed. */
  readonly store: Store;
  /** Calls `reload` (coalesced) when another process changed collection metadata the datastore keeps in memory. */
  onMetaChange(reload: () => Promise<void>): void;
  /** Makes `broker` follow, and lead when this process takes the queue lead (queue-share.ts). */
  shareQueue(broker: QueueBroker, attach: () => void): Promise<QueueRole>;
  close(): Promise<void>;
}

const QUEUE_CALLS = new Set(['enqueue', 'runAt', 'enqueueFromQuery']);
/** Not a contract call: the message that says collection metadata changed. */
const META_CHANGED = '$meta';

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
  const lockPool = new (await loadPg()).Pool({ connectionString: store.url, max: LOCK_POOL_SIZE, application_name: 'localhooks-locks' });
  lockPool.on('error', () => {});
  const events = await EventChannel.open(store, randomUUID(), logger);
  const prune = setInterval(() => {
    store.pool.query("DELETE FROM lh_claims WHERE claimed_at < now() - interval '1 day'").catch(() => {});
  }, PRUNE_EVERY_MS);
  prune.unref();
  let role: QueueRole | null = null;
  // 12 hex digits of time, 4 of this process, 8 of its sequence: 24 like the single-process ids, never equal.
  const tag = randomBytes(2).toString('hex');
  let reloadMeta: (() => Promise<void>) | null = null;
  let reloading: Promise<void> | null = null;
  let again = false;
  const metaChanged = (): void => {
    if (!reloadMeta) return;
    if (reloading) {
      again = true;
      return;
    }
    reloading = reloadMeta()
      .catch((err: Error) => logger.warn(`cluster: could not re-read collection metadata: ${err.message}`))
      .finally(() => {
        reloading = null;
        if (again) {
          again = false;
          metaChanged();
        }
      });
  };
  events.onCall((method) => method === META_CHANGED && metaChanged());
  return {
    store: new MetaWatchStore(store, () => events.publish(META_CHANGED, [], null)),
    onMetaChange(reload) {
      reloadMeta = reload;
    },
    queueOptions: { newId: (now, seq) => Math.max(0, Math.floor(now)).toString(16).padStart(12, '0').slice(-12) + tag + seq.toString(16).padStart(8, '0') },
    label: `PostgreSQL ${store.label}`,
    locks: new PgKeyLock(lockPool),
    async claim(key) {
      const r = await store.pool.query('INSERT INTO lh_claims (key) VALUES ($1) ON CONFLICT (key) DO NOTHING', [key]);
      return r.rowCount === 1;
    },
    observe(realtime) {
      // Only this process's own calls were typed; a peer's method name is one of the same contract's.
      events.onCall((method, args, result) => method !== META_CHANGED && isRealtimeCall(method, args) && realtime(method as CallMethod, args, result));
      return (method, args, result) => {
        realtime(method, args, result);
        if (isRealtimeCall(method, args) || (QUEUE_CALLS.has(method) && !role?.leading)) events.publish(method, args, result);
      };
    },
    async shareQueue(broker, attach) {
      role = await shareQueue({ store, broker, events, logger, attach });
      return role;
    },
    async close() {
      await role?.close();
      clearInterval(prune);
      await events.close();
      await lockPool.end();
    },
  };
}

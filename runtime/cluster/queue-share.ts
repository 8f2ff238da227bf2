import type pg from 'pg';
import { loadPg } from '../storage/pg-driver.js';
import type { Logger } from '../logger.js';
import { loadQueue, type QueueBroker, type QueueRecord } from '../queue/index.js';
import type { PgStore } from '../storage/pg-store.js';
import type { EventChannel } from './pg-events.js';

/** An arbitrary constant: the advisory lock whose holder delivers the queues. */
const LEADER_LOCK = 0x6c68_7165;
/** A lost leader connection is retried after this long. */
const RETRY_MS = 1000;
const ITEM_PREFIX = 'queue/item/';

export interface QueueRole {
  readonly leading: boolean;
  close(): Promise<void>;
}

/**
 * One process at a time delivers the queues: the one holding an advisory lock on a connection of its own. The
 * others write new items and tell the leader (by NOTIFY), which adopts them; so a topic's `workers` limit and a
 * workflow instance's one-step-at-a-time hold across processes. When the leader dies its connection closes, the
 * lock passes to a waiting process, which loads the queues from the store and delivers again what the dead one
 * had leased (at-least-once).
 */
export async function shareQueue(deps: {
  store: PgStore;
  broker: QueueBroker;
  events: EventChannel;
  logger: Logger;
  /** Attach the current runner generation, if any, to the broker (called on taking the lead). */
  attach: () => void;
}): Promise<QueueRole> {
  const { store, broker, events, logger } = deps;
  broker.follow();
  let leading = false;
  let closed = false;
  let client: pg.Client | null = null;
  let pending = new Set<string>();
  let rescan = false;
  let flushing: Promise<void> | null = null;

  const flush = async (): Promise<void> => {
    while (leading && (pending.size > 0 || rescan)) {
      const ids = [...pending];
      pending = new Set();
      const all = rescan;
      rescan = false;
      let records: QueueRecord[];
      // This broker's own state moves first, so the read below is not older than what it holds in memory.
      await broker.flush();
      if (all) records = (await loadQueue(store)).records;
      else {
        const values = await store.getMany(ids.map((id) => ITEM_PREFIX + id));
        records = values.filter((v): v is string => v !== undefined).map((v) => JSON.parse(v) as QueueRecord);
      }
      broker.adopt(records);
    }
  };
  const schedule = (): void => {
    flushing ??= flush()
      .catch((err: Error) => logger.error(`cluster: could not adopt queue items written by another process: ${err.message}`))
      .finally(() => (flushing = null));
  };
  events.onCall((method, _args, result) => {
    if (!leading) return;
    if (method === 'enqueue' || method === 'runAt') pending.add(String((result as { _id?: unknown })?._id));
    else if (method === 'enqueueFromQuery') rescan = true;
    else return;
    schedule();
  });

  const take = async (): Promise<void> => {
    const c = new (await loadPg()).Client({ connectionString: store.url, application_name: 'localhooks-queue-leader' });
    c.on('error', (err) => {
      if (closed || client !== c) return;
      client = null;
      if (leading) {
        // Another process may take the lead now: stop delivering before it starts.
        leading = false;
        logger.error(`cluster: lost the connection that holds the queue lead (${err.message}); following again`);
        void broker.detach().then(() => broker.follow());
      }
      setTimeout(() => void take().catch(() => {}), RETRY_MS).unref();
    });
    await c.connect();
    client = c;
    await c.query('SELECT pg_advisory_lock($1)', [LEADER_LOCK]); // waits while another process leads
    if (closed || client !== c) return;
    broker.lead(await loadQueue(store));
    leading = true;
    logger.info('cluster: this process delivers the queues (queue lead taken)');
    deps.attach();
  };
  // Not awaited: a follower waits for the lead as long as another process holds it.
  void take().catch((err: Error) => !closed && logger.error(`cluster: could not wait for the queue lead: ${err.message}`));

  return {
    get leading() {
      return leading;
    },
    async close() {
      closed = true;
      leading = false;
      await flushing;
      await client?.end().catch(() => {});
    },
  };
}

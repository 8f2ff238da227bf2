import type pg from 'pg';
import { loadPg } from '../storage/pg-driver.js';
import type { Logger } from '../logger.js';
import type { PgStore } from '../storage/pg-store.js';

type CallFn = (method: string, args: readonly unknown[], result: unknown) => void;

const CHANNEL = 'lh_calls';
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; bigger ones go through lh_events by reference. */
const NOTIFY_LIMIT = 7900;
/** A listener connection that dropped is reopened after this long. */
const RECONNECT_MS = 1000;

interface Message {
  from: string;
  method?: string;
  coll?: unknown;
  result?: unknown;
  ref?: string;
}

/**
 * Calls made on one process, heard by the others, in the order each process made them (LISTEN/NOTIFY). Only
 * the collection name and the result travel: that is what the realtime service reads from a call.
 */
export class EventChannel {
  readonly #store: PgStore;
  readonly #self: string;
  readonly #logger: Logger;
  readonly #handlers: CallFn[] = [];
  #client: pg.Client | null = null;
  #sending: Promise<void> = Promise.resolve();
  #receiving: Promise<void> = Promise.resolve();
  #closed = false;

  private constructor(store: PgStore, self: string, logger: Logger) {
    this.#store = store;
    this.#self = self;
    this.#logger = logger;
  }

  static async open(store: PgStore, self: string, logger: Logger): Promise<EventChannel> {
    const channel = new EventChannel(store, self, logger);
    await channel.#listen();
    return channel;
  }

  onCall(fn: CallFn): void {
    this.#handlers.push(fn);
  }

  publish(method: string, args: readonly unknown[], result: unknown): void {
    const body = JSON.stringify({ from: this.#self, method, coll: args[0], result } satisfies Message);
    this.#sending = this.#sending.then(async () => {
      let payload = body;
      if (Buffer.byteLength(body) > NOTIFY_LIMIT) {
        const { rows } = await this.#store.pool.query<{ id: string }>('INSERT INTO lh_events (body) VALUES ($1) RETURNING id', [body]);
        payload = JSON.stringify({ from: this.#self, ref: rows[0]!.id } satisfies Message);
        await this.#store.pool.query("DELETE FROM lh_events WHERE created_at < now() - interval '5 minutes'");
      }
      await this.#store.pool.query('SELECT pg_notify($1, $2)', [CHANNEL, payload]);
    }).catch((err: Error) => this.#logger.warn(`cluster: could not tell the other processes about a ${method}: ${err.message}`));
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#sending;
    await this.#client?.end().catch(() => {});
  }

  async #listen(): Promise<void> {
    const client = new (await loadPg()).Client({ connectionString: this.#store.url, application_name: 'localhooks-events' });
    client.on('notification', (n) => {
      if (n.channel === CHANNEL && n.payload) this.#receiving = this.#receiving.then(() => this.#receive(n.payload!));
    });
    client.on('error', (err) => {
      if (this.#closed) return;
      this.#logger.warn(`cluster: the event connection failed (${err.message}); reconnecting`);
      this.#client = null;
      client.end().catch(() => {});
      setTimeout(() => void this.#listen().catch(() => {}), RECONNECT_MS).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.#client = client;
  }

  async #receive(payload: string): Promise<void> {
    try {
      let msg = JSON.parse(payload) as Message;
      if (msg.from === this.#self) return;
      if (msg.ref !== undefined) {
        const { rows } = await this.#store.pool.query<{ body: string }>('SELECT body FROM lh_events WHERE id = $1', [msg.ref]);
        if (!rows[0]) return;
        msg = JSON.parse(rows[0].body) as Message;
      }
      for (const fn of this.#handlers) fn(msg.method!, [msg.coll], msg.result);
    } catch (err) {
      this.#logger.warn(`cluster: an event from another process was dropped: ${(err as Error).message}`);
    }
  }
}

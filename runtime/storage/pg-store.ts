import type pg from 'pg';
import { loadPg } from './pg-driver.js';
import { LocalhooksError } from '../errors.js';
import { migrate } from './pg-migrations.js';
import type { BatchOp, KeyRange, Store } from './types.js';

/** Rows read per round trip when iterating: large enough to amortise, small enough to stream. */
const PAGE = 256;
/** Connections per process: each request holds one for a statement; the lock pool (pg-locks.ts) has its own. */
export const POOL_SIZE = 8;

const enc = (s: string): Buffer => Buffer.from(s, 'utf8');
const dec = (b: Buffer): string => b.toString('utf8');

/** `postgres://user:secret@host/db` → `postgres://user@host/db`: what a banner or log may show. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value);
}

/**
 * The Store on one PostgreSQL table (`lh_kv`, bytea keys in bytewise order, as LevelDB orders them). A batch is
 * one statement, so it is atomic and several processes can share the store; coordination between them (locks,
 * claims, notifications) lives in runtime/cluster/.
 */
export class PgStore implements Store {
  readonly backend = 'postgres' as const;
  readonly pool: pg.Pool;
  readonly url: string;

  private constructor(pool: pg.Pool, url: string) {
    this.pool = pool;
    this.url = url;
  }

  /** The server and database, without the password. */
  get label(): string {
    return redactUrl(this.url);
  }

  static async open(url: string): Promise<PgStore> {
    if (!isPostgresUrl(url)) throw new LocalhooksError('LH_STORE_INVALID_URL', `--store must be a postgres:// URL, got '${url}'`, { status: 400 });
    const pool = new (await loadPg()).Pool({ connectionString: url, max: POOL_SIZE, application_name: 'localhooks' });
    // An idle client losing its server must not crash the process; the next query reports the problem.
    pool.on('error', () => {});
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (err) {
      await pool.end().catch(() => {});
      throw new LocalhooksError('LH_STORE_UNREACHABLE', `Could not connect to PostgreSQL at ${redactUrl(url)}: ${(err as Error).message}`, { status: 503, cause: err });
    }
    try {
      await migrate(client);
    } catch (err) {
      client.release(true);
      await pool.end().catch(() => {});
      throw err;
    }
    client.release();
    return new PgStore(pool, url);
  }

  async get(key: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ value: Buffer }>('SELECT value FROM lh_kv WHERE key = $1', [enc(key)]);
    return rows[0] ? dec(rows[0].value) : undefined;
  }

  async getMany(keys: string[]): Promise<(string | undefined)[]> {
    if (keys.length === 0) return [];
    const { rows } = await this.pool.query<{ key: Buffer; value: Buffer }>('SELECT key, value FROM lh_kv WHERE key = ANY($1::bytea[])', [keys.map(enc)]);
    const found = new Map(rows.map((r) => [dec(r.key), dec(r.value)]));
    return keys.map((k) => found.get(k));
  }

  async put(key: string, value: string): Promise<void> {
    await this.pool.query('INSERT INTO lh_kv (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [enc(key), enc(value)]);
  }

  async del(key: string): Promise<void> {
    await this.pool.query('DELETE FROM lh_kv WHERE key = $1', [enc(key)]);
  }

  /** The last op on a key wins, as applying them in order would; puts and deletes go in one atomic statement. */
  async batch(ops: BatchOp[]): Promise<void> {
    if (ops.length === 0) return;
    const last = new Map<string, string | null>();
    for (const op of ops) {
      last.delete(op.key);
      last.set(op.key, op.type === 'put' ? op.value : null);
    }
    const putKeys: Buffer[] = [];
    const putValues: Buffer[] = [];
    const delKeys: Buffer[] = [];
    for (const [k, v] of last) {
      if (v === null) delKeys.push(enc(k));
      else {
        putKeys.push(enc(k));
        putValues.push(enc(v));
      }
    }
    await this.pool.query(
      `WITH d AS (DELETE FROM lh_kv WHERE key = ANY($3::bytea[]))
       INSERT INTO lh_kv (key, value) SELECT * FROM unnest($1::bytea[], $2::bytea[])
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [putKeys, putValues, delKeys],
    );
  }

  async *entries(range: KeyRange = {}): AsyncIterable<[string, string]> {
    for await (const chunk of this.entryChunks(range)) yield* chunk;
  }

  async *entryChunks(range: KeyRange = {}): AsyncIterable<[string, string][]> {
    for await (const rows of this.#pages(range, true)) yield rows.map((row) => [dec(row.key), dec(row.value!)]);
  }

  async *keys(range: KeyRange = {}): AsyncIterable<string> {
    for await (const rows of this.#pages(range, false)) for (const row of rows) yield dec(row.key);
  }

  async clear(range: KeyRange = {}): Promise<void> {
    const { where, params } = rangeWhere(range);
    if (range.limit === undefined || range.limit < 0) {
      await this.pool.query(`DELETE FROM lh_kv WHERE ${where}`, params);
      return;
    }
    const order = range.reverse ? 'DESC' : 'ASC';
    await this.pool.query(`DELETE FROM lh_kv WHERE key IN (SELECT key FROM lh_kv WHERE ${where} ORDER BY key ${order} LIMIT ${Math.floor(range.limit)})`, params);
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  /** Pages by key (keyset pagination), so a long range streams without a cursor holding a connection. */
  async *#pages(range: KeyRange, withValues: boolean): AsyncIterable<{ key: Buffer; value?: Buffer }[]> {
    let remaining = range.limit === undefined || range.limit < 0 ? Infinity : range.limit;
    let cur: KeyRange = range;
    const cols = withValues ? 'key, value' : 'key';
    const order = range.reverse ? 'DESC' : 'ASC';
    while (remaining > 0) {
      const n = Math.min(PAGE, remaining);
      const { where, params } = rangeWhere(cur);
      const { rows } = await this.pool.query<{ key: Buffer; value?: Buffer }>(`SELECT ${cols} FROM lh_kv WHERE ${where} ORDER BY key ${order} LIMIT ${n}`, params);
      if (rows.length > 0) yield rows;
      remaining -= rows.length;
      if (rows.length < n) return;
      const lastKey = dec(rows[rows.length - 1]!.key);
      cur = range.reverse ? { ...cur, lt: lastKey, lte: undefined } : { ...cur, gt: lastKey, gte: undefined };
    }
  }
}

function rangeWhere(range: KeyRange): { where: string; params: Buffer[] } {
  const parts: string[] = [];
  const params: Buffer[] = [];
  const bound = (op: string, v: string | undefined) => {
    if (v === undefined) return;
    params.push(enc(v));
    parts.push(`key ${op} $${params.length}`);
  };
  bound('>', range.gt);
  bound('>=', range.gte);
  bound('<', range.lt);
  bound('<=', range.lte);
  return { where: parts.length ? parts.join(' AND ') : 'TRUE', params };
}

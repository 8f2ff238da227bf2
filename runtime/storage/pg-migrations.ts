import type { PoolClient } from 'pg';
import { LocalhooksError } from '../errors.js';

/**
 * The schema, one step per version; a step never changes once released (add a new one instead). Keys and values
 * are bytea: they compare bytewise (as LevelDB's keys do) and may hold `\0`, which text columns refuse.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE lh_kv (key bytea PRIMARY KEY, value bytea NOT NULL);
   CREATE TABLE lh_claims (key text PRIMARY KEY, claimed_at timestamptz NOT NULL DEFAULT now());
   CREATE TABLE lh_events (id bigserial PRIMARY KEY, body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());`,
];

/** An arbitrary constant: the advisory lock that lets one process at a time migrate. */
const MIGRATION_LOCK = 0x6c68_6d67;

/** Brings the schema to the latest version; several processes starting at once migrate it once. */
export async function migrate(client: PoolClient): Promise<{ from: number; to: number }> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await client.query('CREATE TABLE IF NOT EXISTS lh_migrations (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM lh_migrations');
    const from = rows[0]?.v ?? 0;
    if (from > MIGRATIONS.length) {
      throw new LocalhooksError('LH_STORE_SCHEMA_NEWER', `The database's localhooks schema is version ${from}; this localhooks knows up to ${MIGRATIONS.length}: upgrade localhooks`, { status: 500 });
    }
    for (let v = from + 1; v <= MIGRATIONS.length; v++) {
      await client.query('BEGIN');
      try {
        await client.query(MIGRATIONS[v - 1]!);
        await client.query('INSERT INTO lh_migrations (version) VALUES ($1)', [v]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    }
    return { from, to: Math.max(from, MIGRATIONS.length) };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}

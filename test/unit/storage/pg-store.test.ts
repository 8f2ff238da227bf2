import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { openStore, PgStore, redactUrl } from '../../../runtime/storage/index.js';
import { MIGRATIONS } from '../../../runtime/storage/pg-migrations.js';
import { testDatabase } from '../../helpers/postgres.js';

test('postgres store: processes starting at once migrate the schema once', async () => {
  const url = await testDatabase();
  const stores = await Promise.all([1, 2, 3].map(() => PgStore.open(url)));
  try {
    const { rows } = await stores[0]!.pool.query<{ version: number }>('SELECT version FROM lh_migrations ORDER BY version');
    assert.deepEqual(rows.map((r) => r.version), MIGRATIONS.map((_, i) => i + 1));
    await stores[0]!.put('shared', 'yes');
    assert.equal(await stores[2]!.get('shared'), 'yes');
  } finally {
    await Promise.all(stores.map((s) => s.close()));
  }
  const again = await openStore({ backend: 'postgres', url });
  assert.equal(await again.get('shared'), 'yes');
  await again.close();
});

test('postgres store: a schema newer than this localhooks is refused with LH_STORE_SCHEMA_NEWER', async () => {
  const url = await testDatabase();
  await (await PgStore.open(url)).close();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('INSERT INTO lh_migrations (version) VALUES ($1)', [MIGRATIONS.length + 1]);
  await c.end();
  await assert.rejects(PgStore.open(url), (err: Error & { code?: string }) => err.code === 'LH_STORE_SCHEMA_NEWER' && /upgrade localhooks/.test(err.message));
});

test('postgres store: a bad URL or an unreachable server is a clear error, the password never shown', async () => {
  await assert.rejects(openStore({ backend: 'postgres', url: 'mysql://x' }), (err: Error & { code?: string }) => err.code === 'LH_STORE_INVALID_URL');
  const url = 'postgres://app:s3cret@127.0.0.1:1/none?connect_timeout=2';
  await assert.rejects(PgStore.open(url), (err: Error & { code?: string }) => err.code === 'LH_STORE_UNREACHABLE' && !err.message.includes('s3cret') && err.message.includes('127.0.0.1:1'));
  assert.equal(redactUrl('postgres://app:s3cret@db:5432/lh'), 'postgres://app@db:5432/lh');
});

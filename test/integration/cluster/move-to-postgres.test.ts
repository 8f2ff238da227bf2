// docs/scale-out.md "Moving a LevelDB data folder into PostgreSQL", as written: `localhooks export` from a dev
// server on LevelDB, then `localhooks import` into `localhooks serve --store postgres://… --admin` (and the
// one-step `--import`), and the same documents, key-value entries, index and schema are there.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExport } from '../../../runtime/cli/commands/export.js';
import { runImport } from '../../../runtime/cli/commands/import.js';
import { FIXTURES } from '../../helpers/app-server.js';
import { api, captureIo } from '../../helpers/admin-api.js';
import { startDev, type DevProcess } from '../../helpers/dev-process.js';
import { testDatabase } from '../../helpers/postgres.js';

const APP = join(FIXTURES, 'data-app');
let dir = '';
let backup = '';
let original: Awaited<ReturnType<typeof everything>>;

/** What the move must keep: collections with counts, indexes and schemas, their documents, key-value entries. */
async function everything(p: DevProcess) {
  const { collections } = (await api(p.origin, 'GET', '/collections')).body as { collections: { name: string; count: number; indexes: string[]; schema: unknown }[] };
  const docs: Record<string, unknown[]> = {};
  for (const c of collections) {
    const { items } = (await api(p.origin, 'GET', `/collections/${c.name}/docs?limit=1000`)).body as { items: unknown[] };
    docs[c.name] = items.map((d) => JSON.stringify(d)).sort();
  }
  const kv = (await (await fetch(`${p.origin}/.localhooks/api/kv/export`)).text()).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { key: string; value: string });
  return {
    collections: collections.map(({ name, count, indexes, schema }) => ({ name, count, indexes, schema })).sort((a, b) => a.name.localeCompare(b.name)),
    docs,
    kv: kv.map(({ key, value }) => ({ key, value })).sort((a, b) => a.key.localeCompare(b.key)),
  };
}

const cli = async (run: typeof runExport, args: string[], p: DevProcess) => {
  const io = captureIo();
  const code = await run([...args, '--url', p.origin], io);
  return { code, out: io.stdout, err: io.stderr };
};
const post = (p: DevProcess, path: string, body: unknown) =>
  fetch(p.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lh-move-'));
  backup = join(dir, 'backup');
  const dev = await startDev([APP, '--data', join(dir, 'data'), '--build-dir', join(dir, 'build-dev')]);
  try {
    for (let n = 0; n < 30; n++) assert.equal((await post(dev, '/notes', { n, tag: `t${n % 4}`, nested: { list: [n, 'x'] } })).status, 201);
    assert.equal((await post(dev, '/cache/greeting', { value: 'hello' })).status, 200);
    assert.equal((await post(dev, '/cache/session', { value: JSON.stringify({ user: 'ann' }), ttl: 3_600_000 })).status, 200);
    assert.equal((await api(dev.origin, 'POST', '/collections/notes/indexes', { fields: ['tag'] })).status, 200);
    assert.equal((await api(dev.origin, 'PUT', '/collections/people/schema', { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] })).status, 200);
    original = await everything(dev);
    assert.equal(original.collections.find((c) => c.name === 'notes')?.count, 30);
    assert.ok(original.collections.find((c) => c.name === 'people')?.schema, 'the schema is set');
    assert.equal(original.kv.length, 2);
    const exported = await cli(runExport, ['--out', backup], dev);
    assert.equal(exported.code, 0, exported.err);
  } finally {
    await dev.stop();
  }
});

after(() => rm(dir, { recursive: true, force: true }));

test('scale-out move: export from LevelDB, import into serve --store postgres://… --admin: same documents, counts, kv, index, schema', async () => {
  const url = await testDatabase();
  const pg = await startDev([APP, '--store', url, '--admin', '--data', join(dir, 'data-pg'), '--build-dir', join(dir, 'build-pg')], {}, 'serve');
  try {
    const imported = await cli(runImport, [backup], pg);
    assert.equal(imported.code, 0, imported.err);
    assert.match(imported.out, /notes: 30 inserted, 0 replaced/);
    assert.deepEqual(await everything(pg), original);
    const byTag = (await api(pg.origin, 'GET', '/collections/notes/docs?q=' + encodeURIComponent(JSON.stringify({ tag: 't1' })))).body as { items: unknown[] };
    assert.equal(byTag.items.length, 8);
    // The schema came along: a document breaking it is refused on PostgreSQL too.
    const bad = await api(pg.origin, 'POST', '/collections/people/docs', { age: 3 });
    assert.ok(bad.status >= 400, `a schema violation is refused (${bad.status})`);
  } finally {
    await pg.stop();
  }
});

test('scale-out move: the one-step serve --store postgres://… --admin --import ./backup gives the same data', async () => {
  const url = await testDatabase();
  const pg = await startDev([APP, '--store', url, '--admin', '--import', backup, '--data', join(dir, 'data-pg2'), '--build-dir', join(dir, 'build-pg2')], {}, 'serve');
  try {
    // The import runs once the server is up; it says so when done.
    await pg.waitFor(/import: 30 document\(s\) and 2 key-value entries/);
    assert.deepEqual(await everything(pg), original);
  } finally {
    await pg.stop();
  }
});

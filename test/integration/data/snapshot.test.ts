// Snapshots of the whole data folder: taken consistently while 4 writers insert, restored atomically with queues
// and workflows; the CLI asks the running server, or works on the folder of a stopped one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../../../runtime/testing.js';
import { runSnapshot } from '../../../runtime/cli/commands/snapshot.js';
import { openStore, type Store } from '../../../runtime/storage/index.js';
import { FIXTURES, postJson } from '../../helpers/app-server.js';
import { api, captureIo } from '../../helpers/admin-api.js';

const WRITERS = 4;
const PER_WRITER = 250;

async function withServer<T>(fn: (server: TestServer, dirs: { data: string; snapshots: string }) => Promise<T>): Promise<T> {
  const root = await mkdtemp(join(tmpdir(), 'lh-snap-'));
  const dirs = { data: join(root, 'data'), snapshots: join(root, 'snapshots') };
  const server = await startTestServer({ appDir: join(FIXTURES, 'data-app'), storage: 'level', dataDir: dirs.data, snapshotsDir: dirs.snapshots, startTime: '2026-03-01T10:00:00Z' });
  try {
    return await fn(server, dirs);
  } finally {
    await server.stop().catch(() => undefined);
    await rm(root, { recursive: true, force: true });
  }
}

/** Every index entry of `coll` has its document, and every document has its index entries. */
async function checkIndexes(store: Store, coll: string, fields: string[]): Promise<number> {
  const docs = new Map<string, Record<string, unknown>>();
  for await (const [key, json] of store.entries({ gte: `doc/${coll}/`, lt: `doc/${coll}/\u{10FFFF}` })) docs.set(key.slice(`doc/${coll}/`.length), JSON.parse(json));
  for (const field of fields) {
    const ids = new Set<string>();
    for await (const key of store.keys({ gte: `idx/${coll}/${field}/`, lt: `idx/${coll}/${field}/\u{10FFFF}` })) {
      const id = key.slice(key.lastIndexOf('\u0000') + 1);
      assert.ok(docs.has(id), `index entry ${JSON.stringify(key)} has no document`);
      ids.add(id);
    }
    for (const [id, doc] of docs) if (doc[field] !== undefined) assert.ok(ids.has(id), `document ${id} has no ${field} index entry`);
  }
  return docs.size;
}

test('snapshot: taken while 4 writers insert, it restores to a consistent state (every index entry has its document, every writer a gapless prefix)', async () => {
  await withServer(async (server, dirs) => {
    await server.db.createIndex('notes', ['writer', 'seq']);
    let saved: Promise<{ status: number; body: { keys: number } }> | undefined;
    const writer = async (w: number) => {
      for (let seq = 0; seq < PER_WRITER; seq++) {
        const res = await fetch(`${server.url}/notes`, postJson({ writer: w, seq, text: `note ${seq} of writer ${w}` }));
        assert.equal(res.status, 201);
        // Halfway through the first writer, while the others keep inserting.
        if (w === 0 && seq === PER_WRITER / 2) saved = api(server.origin, 'POST', '/snapshots', { name: 'mid' });
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    const snap = await saved!;
    assert.equal(snap.status, 201);
    assert.equal((await server.db.count('notes')).count, WRITERS * PER_WRITER);

    const restored = await api(server.origin, 'POST', '/snapshots/mid/restore');
    assert.equal(restored.status, 200);
    const notes = (await server.db.getMany('notes').toArray()) as { writer: number; seq: number }[];
    assert.ok(notes.length > PER_WRITER / 2 && notes.length < WRITERS * PER_WRITER, `a point in the middle (${notes.length} notes)`);
    for (let w = 0; w < WRITERS; w++) {
      const seqs = notes.filter((n) => n.writer === w).map((n) => n.seq).sort((a, b) => a - b);
      assert.deepEqual(seqs, seqs.map((_, i) => i), `writer ${w}: a gapless prefix`);
    }
    assert.equal((await server.db.getMany('notes', { writer: 2 }).toArray()).length, notes.filter((n) => n.writer === 2).length, 'queries by index see every restored note');
    await server.stop();
    const store = await openStore({ backend: 'level', path: join(dirs.data, 'db') });
    try {
      assert.equal(await checkIndexes(store, 'notes', ['writer', 'seq']), notes.length);
    } finally {
      await store.close();
    }
  });
});

test('snapshot: queues and workflows are included; a restore brings back the parked instance and the runAt item, which then run', async () => {
  await withServer(async (server) => {
    const wf = (await (await fetch(`${server.url}/greet`, postJson({ name: 'kept' }))).json()) as { _id: string };
    await server.workflows.waitFor(wf._id, { step: 'hold' });
    await server.db.runAt('2026-03-02T00:00:00Z', { n: 1 }, 'ok');
    await server.db.set('ttl-key', 'v', { ttl: 3_600_000 });
    assert.equal((await api(server.origin, 'POST', '/snapshots', { name: 'with-work' })).status, 201);
    assert.deepEqual((await api(server.origin, 'POST', '/reset')).body, { reset: true });
    assert.equal(await server.workflows.get(wf._id), null);
    assert.equal((await api(server.origin, 'GET', '/queues/items?state=scheduled')).body.items.length, 0);

    await api(server.origin, 'POST', '/snapshots/with-work/restore');
    assert.equal((await server.workflows.get(wf._id))?.nextStep, 'hold');
    assert.equal((await api(server.origin, 'GET', '/queues/items?state=scheduled')).body.items.length, 1);
    assert.equal((await api(server.origin, 'GET', '/kv/keys/ttl-key')).body.expiresAt, '2026-03-01T11:00:00.000Z');
    await fetch(`${server.url}/greet/${wf._id}/go`, { method: 'POST' });
    await server.workflows.waitFor(wf._id, { done: true });
    await server.clock.advance('1d');
    assert.equal((await server.db.count('worked')).count, 1, 'the restored runAt item ran at its time');
  });
});

test('snapshot: list, rm; bad name, existing name and missing snapshot are 4xx naming the problem', async () => {
  await withServer(async (server) => {
    await server.db.insertOne('a', { x: 1 });
    assert.equal((await api(server.origin, 'POST', '/snapshots', { name: 'one' })).status, 201);
    const list = await api(server.origin, 'GET', '/snapshots');
    assert.deepEqual(list.body.snapshots.map((s: { name: string; clock: string }) => [s.name, s.clock]), [['one', '2026-03-01T10:00:00.000Z']]);
    const exists = await api(server.origin, 'POST', '/snapshots', { name: 'one' });
    assert.equal(exists.status, 409);
    assert.equal(exists.body.code, 'LH_SNAPSHOT_EXISTS');
    const bad = await api(server.origin, 'POST', '/snapshots', { name: '../up' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'LH_SNAPSHOT_BAD_NAME');
    const missing = await api(server.origin, 'POST', '/snapshots/two/restore');
    assert.equal(missing.status, 404);
    assert.match(missing.body.error, /no snapshot "two" .*\(snapshots: one\)/);
    assert.equal((await server.db.count('a')).count, 1, 'a failed restore changes nothing');
    assert.deepEqual((await api(server.origin, 'DELETE', '/snapshots/one')).body, { removed: 'one' });
    assert.equal((await api(server.origin, 'DELETE', '/snapshots/one')).status, 404);
  });
});

test('snapshot CLI: asks the server serving the data folder; with none running, saves and restores the folder itself', async () => {
  await withServer(async (server, dirs) => {
    const cli = async (...args: string[]) => {
      const io = captureIo();
      const code = await runSnapshot([...args, '--data', dirs.data, '--snapshots', dirs.snapshots], io);
      return { code, out: io.stdout, err: io.stderr };
    };
    await server.db.insertOne('things', [{ n: 1 }, { n: 2 }]);
    const online = await cli('save', 'online');
    assert.equal(online.code, 0, online.err);
    assert.match(online.out, /Snapshot "online" saved: \d+ keys/);
    await server.stop();

    const offline = await cli('save', 'offline');
    assert.equal(offline.code, 0, offline.err);
    assert.match((await cli('list')).out, /online[\s\S]*offline/);
    const store = await openStore({ backend: 'level', path: join(dirs.data, 'db') });
    await store.batch([{ type: 'del', key: (await first(store.keys({ gte: 'doc/things/', lt: 'doc/things/\u{10FFFF}' })))! }]);
    await store.close();
    const restored = await cli('restore', 'offline');
    assert.equal(restored.code, 0, restored.err);
    const after = await openStore({ backend: 'level', path: join(dirs.data, 'db') });
    try {
      assert.equal(await checkIndexes(after, 'things', []), 2);
    } finally {
      await after.close();
    }
    const missing = await cli('restore', 'nope');
    assert.equal(missing.code, 1);
    assert.match(missing.err, /localhooks snapshot: no snapshot "nope"/);
    assert.match((await cli('save', 'bad/name')).err, /a snapshot name is 1–64 letters/);
    assert.equal((await cli('rm', 'offline')).code, 0);
    assert.equal((await cli('frob')).code, 1);
  });
});

test('snapshot CLI: run outside the app folder with no folder flags, it asks the server on the default port; with none there it says so', async () => {
  const elsewhere = await mkdtemp(join(tmpdir(), 'lh-snap-cwd-'));
  const cwd = process.cwd();
  process.chdir(elsewhere);
  try {
    await withServer(async (server, dirs) => {
      const io = captureIo();
      io.env.LOCALHOOKS_PORT = new URL(server.origin).port;
      const cli = async (...args: string[]) => {
        io.stdout = io.stderr = '';
        return { code: await runSnapshot(args, io), out: io.stdout, err: io.stderr };
      };
      const saved = await cli('save', 'from-elsewhere');
      assert.equal(saved.code, 0, saved.err);
      assert.match(saved.out, /Snapshot "from-elsewhere" saved: \d+ keys/);
      assert.match((await cli('list')).out, /from-elsewhere/);
      assert.ok((await readdir(dirs.snapshots)).includes('from-elsewhere'), 'written where the server keeps its snapshots');
      // A folder with localhooks data of its own is its own: a restore there never reaches another app's server.
      await mkdir(join(elsewhere, '.localhooks'));
      assert.equal((await cli('list')).out, `No snapshots in ${join(elsewhere, '.localhooks', 'snapshots')}.\n`);
      await rm(join(elsewhere, '.localhooks'), { recursive: true });
      await server.stop();

      const origin = `http://localhost:${io.env.LOCALHOOKS_PORT}`;
      const list = await cli('list');
      assert.equal(list.code, 0);
      assert.equal(list.out, `No snapshots in ${join(elsewhere, '.localhooks', 'snapshots')}; no localhooks server answered at ${origin} (--port).\n`);
      const save = await cli('save', 'nothing-here');
      assert.equal(save.code, 1);
      assert.match(save.err, new RegExp(`no data folder at .*; no localhooks server answered at ${origin}`));
    });
  } finally {
    process.chdir(cwd);
    await rm(elsewhere, { recursive: true, force: true });
  }
});

async function first<T>(items: AsyncIterable<T>): Promise<T | undefined> {
  for await (const x of items) return x;
  return undefined;
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dsTest } from '../../helpers/datastore-backends.js';
import { KeyLock } from '../../../runtime/datastore/key-lock.js';

type Doc = Record<string, any>;

dsTest('WF-27 parallel updateOne on one document: no lost updates', async ({ conn }) => {
  const d = (await conn.insertOne('wf', { n: 0, list: [], parallelSteps: {} })) as Doc;
  await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      conn.updateOne('wf', { _id: d._id }, { $inc: { n: 1 }, $push: { list: i }, $set: { [`parallelSteps.s${i}`]: { done: true } } }),
    ),
  );
  const r = (await conn.getOne('wf', d._id)) as Doc;
  assert.equal(r.n, 50);
  assert.equal(r.list.length, 50);
  assert.equal(Object.keys(r.parallelSteps).length, 50);
});

dsTest('WF-27 updateMany racing updateOne on the same documents keeps every increment', async ({ conn }) => {
  for (let i = 0; i < 20; i++) await conn.insertOne('c', { g: 'x', n: 0 });
  const first = (await conn.getMany('c', {}, { limit: 1 }).toArray()) as Doc[];
  await Promise.all([
    ...Array.from({ length: 10 }, () => conn.updateMany('c', { g: 'x' }, { $inc: { n: 1 } })),
    ...Array.from({ length: 10 }, () => conn.updateOne('c', first[0]!._id, { $inc: { n: 100 } })),
  ]);
  const rows = (await conn.getMany('c').toArray()) as Doc[];
  assert.equal(rows[0]!.n, 1010);
  assert.ok(rows.slice(1).every((r) => r.n === 10));
});

dsTest('DB-17 concurrent upserts with the same query make one document', async ({ conn }) => {
  await Promise.all(Array.from({ length: 20 }, () => conn.updateOne('users', { email: 'a@b.c' }, { $inc: { visits: 1 } }, { upsert: true })));
  const rows = (await conn.getMany('users').toArray()) as Doc[];
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.visits, 20);
});

dsTest('removeOne racing updateOne: the update either lands first or finds nothing', async ({ conn }) => {
  const d = (await conn.insertOne('c', { a: 1 })) as Doc;
  const [removed, updated] = await Promise.all([conn.removeOne('c', d._id), conn.updateOne('c', d._id, { $set: { a: 2 } })]);
  assert.deepEqual(removed, { _id: d._id });
  assert.ok(updated === null || updated.a === 2);
  assert.equal(await conn.findOneOrNull('c', d._id), null);
});

test('KeyLock: runs work per key one at a time, different keys in parallel, and frees idle keys', async () => {
  const lock = new KeyLock();
  const log: string[] = [];
  const job = (key: string, tag: string) =>
    lock.run(key, async () => {
      log.push(`${tag}+`);
      await new Promise((r) => setImmediate(r));
      log.push(`${tag}-`);
    });
  await Promise.all([job('a', 'a1'), job('a', 'a2'), job('b', 'b1')]);
  assert.deepEqual(log.filter((l) => l.startsWith('a')), ['a1+', 'a1-', 'a2+', 'a2-']);
  assert.ok(log.indexOf('b1+') < log.indexOf('a1-'), 'b ran beside a');
  await assert.rejects(lock.run('a', async () => Promise.reject(new Error('x'))), /x/);
  await lock.run('a', async () => undefined);
  await lock.runAll(Array.from({ length: 20_000 }, (_, i) => `k${i}`), async () => undefined);
  assert.equal(lock.size, 0);
});

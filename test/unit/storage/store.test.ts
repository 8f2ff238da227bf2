import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, prefixRange, type Store } from '../../../runtime/storage/index.js';
import { testDatabase } from '../../helpers/postgres.js';

/** The one storage suite: every test runs on memory, LevelDB (async and sync reads) and PostgreSQL (a fresh database each). */
async function withBackends(fn: (store: Store) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'lh-store-'));
  try {
    const opens = [
      () => openStore({ backend: 'memory' }),
      () => openStore({ backend: 'level', path: join(dir, 'async') }),
      () => openStore({ backend: 'level', path: join(dir, 'sync'), syncReads: true }),
      async () => openStore({ backend: 'postgres', url: await testDatabase() }),
    ];
    for (const [i, open] of opens.entries()) {
      const store = await open();
      try {
        await fn(store);
      } catch (err) {
        throw new Error(`${store.backend}${i === 2 ? ' (sync reads)' : ''}: ${(err as Error).message}`, { cause: err });
      } finally {
        await store.close();
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('storage: get/put/del and missing keys read as undefined', () =>
  withBackends(async (s) => {
    assert.equal(await s.get('a'), undefined);
    await s.put('a', '1');
    assert.equal(await s.get('a'), '1');
    assert.deepEqual(await s.getMany(['a', 'b']), ['1', undefined]);
    await s.del('a');
    assert.equal(await s.get('a'), undefined);
  }));

test('storage: batch is applied whole and ranges iterate in key order', () =>
  withBackends(async (s) => {
    const ops = Array.from({ length: 600 }, (_, i) => ({ type: 'put' as const, key: `p/${String(i).padStart(4, '0')}`, value: String(i) }));
    await s.batch([...ops, { type: 'put', key: 'q/x', value: 'x' }]);
    const seen: string[] = [];
    for await (const [k] of s.entries(prefixRange('p/'))) seen.push(k);
    assert.equal(seen.length, 600);
    assert.deepEqual(seen, [...seen].sort());
    const rev: string[] = [];
    for await (const k of s.keys(prefixRange('p/', { reverse: true, limit: 2 }))) rev.push(k);
    assert.deepEqual(rev, ['p/0599', 'p/0598']);
    await s.clear(prefixRange('p/'));
    assert.equal(await s.get('p/0001'), undefined);
    assert.equal(await s.get('q/x'), 'x');
  }));

test('storage: keys order bytewise and may hold NUL, newlines and any code point', () =>
  withBackends(async (s) => {
    const keys = ['a\u0000b', 'a', 'a\u0001', 'a\nz', 'é', 'z', '\u{10FFFF}', '\uffff', 'A'];
    await s.batch(keys.map((key, i) => ({ type: 'put', key, value: `v${i}\u0000\n` })));
    const seen: string[] = [];
    for await (const [k, v] of s.entries()) {
      seen.push(k);
      assert.equal(v, `v${keys.indexOf(k)}\u0000\n`);
    }
    const bytewise = [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    assert.deepEqual(seen, bytewise);
    assert.deepEqual(await s.getMany(['a\u0000b', 'nope', 'é']), ['v0\u0000\n', undefined, 'v4\u0000\n']);
  }));

test('storage: in one batch the last op on a key wins', () =>
  withBackends(async (s) => {
    await s.put('k2', 'old');
    await s.batch([
      { type: 'put', key: 'k1', value: 'a' },
      { type: 'del', key: 'k1' },
      { type: 'del', key: 'k2' },
      { type: 'put', key: 'k2', value: 'b' },
      { type: 'put', key: 'k3', value: 'c' },
      { type: 'put', key: 'k3', value: 'd' },
    ]);
    assert.deepEqual(await s.getMany(['k1', 'k2', 'k3']), [undefined, 'b', 'd']);
  }));

test('storage: exclusive bounds, reverse paging past a chunk, limited clear', () =>
  withBackends(async (s) => {
    await s.batch(Array.from({ length: 700 }, (_, i) => ({ type: 'put' as const, key: `r/${String(i).padStart(4, '0')}`, value: '' })));
    const rev: string[] = [];
    for await (const k of s.keys({ gt: 'r/0010', lt: 'r/0690', reverse: true })) rev.push(k);
    assert.equal(rev.length, 679);
    assert.equal(rev[0], 'r/0689');
    assert.equal(rev.at(-1), 'r/0011');
    const some: string[] = [];
    for await (const k of s.keys({ gte: 'r/0100', lte: 'r/0102' })) some.push(k);
    assert.deepEqual(some, ['r/0100', 'r/0101', 'r/0102']);
    await s.clear({ ...prefixRange('r/'), limit: 5 });
    const first: string[] = [];
    for await (const k of s.keys({ ...prefixRange('r/'), limit: 1 })) first.push(k);
    assert.deepEqual(first, ['r/0005']);
    await s.clear({ ...prefixRange('r/'), reverse: true, limit: 5 });
    const last: string[] = [];
    for await (const k of s.keys({ ...prefixRange('r/'), reverse: true, limit: 1 })) last.push(k);
    assert.deepEqual(last, ['r/0694']);
  }));

test('storage: sync reads (a coderunner) see what another handle on the same folder wrote, and a closed store rejects', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'lh-store-sync-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const main = await openStore({ backend: 'level', path: dir });
  const runner = await openStore({ backend: 'level', path: dir, syncReads: true });
  try {
    await main.batch([{ type: 'put', key: 'a', value: '1' }, { type: 'put', key: 'b', value: 'two\nlines' }]);
    assert.equal(await runner.get('a'), '1');
    assert.deepEqual(await runner.getMany(['b', 'missing', 'a']), ['two\nlines', undefined, '1']);
    await runner.put('c', '3');
    assert.equal(await main.get('c'), '3');
    await main.del('a');
    assert.equal(await runner.get('a'), undefined);
  } finally {
    await runner.close();
    await main.close();
  }
  // A read after close is a rejected promise, never a throw from inside the caller's expression.
  const read = runner.get('a');
  assert.ok(read instanceof Promise);
  await assert.rejects(read, /not open/i);
  await assert.rejects(runner.getMany(['a']), /not open/i);
});

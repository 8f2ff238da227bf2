import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, prefixRange, type Store } from '../../../runtime/storage/index.js';

async function withBackends(fn: (store: Store) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'lh-store-'));
  try {
    for (const store of [await openStore({ backend: 'memory' }), await openStore({ backend: 'level', path: dir })]) {
      try {
        await fn(store);
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

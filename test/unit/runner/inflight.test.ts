import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InflightTable } from '../../../runtime/runner/inflight.js';

test('inflight table: set, get, take, delete by id', () => {
  const t = new InflightTable<string>(8);
  t.set(1, 'a');
  t.set(2, 'b');
  assert.equal(t.size, 2);
  assert.equal(t.get(1), 'a');
  assert.equal(t.get(9), undefined, 'same slot as 1, other id');
  assert.equal(t.take(1), 'a');
  assert.equal(t.take(1), undefined);
  assert.equal(t.delete(2), true);
  assert.equal(t.delete(2), false);
  assert.equal(t.size, 0);
});

test('inflight table: an entry outliving its slot moves aside and stays reachable', () => {
  const t = new InflightTable<number>(8);
  t.set(3, 3); // a long stream
  for (let id = 4; id < 200; id++) {
    t.set(id, id);
    assert.equal(t.take(id), id);
  }
  t.set(11, 11); // lands on 3's slot
  assert.equal(t.get(3), 3);
  assert.equal(t.get(11), 11);
  assert.equal(t.size, 2);
  assert.deepEqual(t.entries(), [[3, 3], [11, 11]]);
  assert.equal(t.take(3), 3);
  assert.equal(t.size, 1);
});

test('inflight table: many long-lived entries at once grow the table, none is lost', () => {
  const t = new InflightTable<number>(8);
  const live: number[] = [];
  for (let id = 1; id <= 5000; id++) {
    t.set(id, id * 10);
    if (id % 3 === 0) live.push(id);
    else assert.equal(t.take(id), id * 10);
  }
  assert.equal(t.size, live.length);
  for (const id of live) assert.equal(t.get(id), id * 10);
  assert.deepEqual(t.entries().map(([id]) => id), live, 'oldest first');
  for (const id of live) assert.equal(t.take(id), id * 10);
  assert.equal(t.size, 0);
  t.set(7, 1);
  t.clear();
  assert.equal(t.size, 0);
  assert.equal(t.get(7), undefined);
});

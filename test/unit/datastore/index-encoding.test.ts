import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeIndexValue, equalityRange, indexRange, prefixStringRange } from '../../../runtime/datastore/index-encoding.js';

/** LevelDB compares keys as UTF-8 bytes. */
const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

test('index encoding: numbers sort by value (negatives, fractions, -0, huge)', () => {
  const nums = [0, -0, 1, -1, 0.5, -0.5, 1e308, -1e308, 5e-324, -5e-324, 42, 41.999, 2 ** 53, -(2 ** 53), 100, 99];
  const sorted = [...nums].sort((a, b) => a - b);
  const byKey = [...nums].sort((a, b) => byteOrder(encodeIndexValue(a), encodeIndexValue(b)));
  assert.deepEqual(byKey.map((n) => (Object.is(n, -0) ? 0 : n)), sorted.map((n) => (Object.is(n, -0) ? 0 : n)));
  assert.equal(encodeIndexValue(0), encodeIndexValue(-0));
});

test('index encoding: strings sort by code point, including \\0 and \\1 characters and prefixes', () => {
  const strs = ['', 'a', 'a\0', 'a\0b', 'a\x01', 'a\x01\x01', 'ab', 'b', 'Z', 'æ', '😀', 'a b', 'abc'];
  const cp = (s: string): number[] => [...s].map((c) => c.codePointAt(0)!);
  const cmp = (a: string, b: string): number => {
    const x = cp(a);
    const y = cp(b);
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return x.length - y.length;
  };
  // Entries are `<enc>\0<id>`: compare whole entry keys so the terminator's effect is covered.
  const key = (s: string): string => `${encodeIndexValue(s)}\0id`;
  assert.deepEqual([...strs].sort((a, b) => byteOrder(key(a), key(b))), [...strs].sort(cmp));
});

test('index ranges: bounds select exactly the matching entries', () => {
  const values = [-5, 0, 1, 2, 2.5, 3, 10];
  const entries = values.map((v, i) => `p/${encodeIndexValue(v)}\0id${i}`);
  const pick = (r: { gte: string; lt: string }): number[] =>
    values.filter((_, i) => byteOrder(entries[i]!, r.gte) >= 0 && byteOrder(entries[i]!, r.lt) < 0);
  assert.deepEqual(pick(indexRange('p/', { value: 1, inclusive: false }, { value: 3, inclusive: true })), [2, 2.5, 3]);
  assert.deepEqual(pick(indexRange('p/', { value: 1, inclusive: true }, undefined)), [1, 2, 2.5, 3, 10]);
  assert.deepEqual(pick(indexRange('p/', undefined, { value: 0, inclusive: false })), [-5]);
  assert.deepEqual(pick(equalityRange('p/', 2.5)), [2.5]);
  const words = ['app', 'apple', 'apply', 'b', 'ap'];
  const wEntries = words.map((w) => `p/${encodeIndexValue(w)}\0x`);
  const r = prefixStringRange('p/', 'app');
  assert.deepEqual(words.filter((_, i) => byteOrder(wEntries[i]!, r.gte) >= 0 && byteOrder(wEntries[i]!, r.lt) < 0), ['app', 'apple', 'apply']);
  assert.equal(encodeIndexValue(true), 'B1');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DepthSampler, RequestMetrics, WINDOW_SECONDS } from '../../../runtime/dashboard/metrics.js';

test('dashboard metrics: requests per second, average and p95 latency per second over ten minutes', () => {
  let now = 1_000_000_000;
  const m = new RequestMetrics(() => now);
  for (let i = 0; i < 19; i++) m.record(200, 3);
  m.record(500, 100);
  now += 1000;
  m.record(200, 0.5);
  const s = m.series();
  assert.equal(s.t.length, WINDOW_SECONDS);
  assert.deepEqual(s.rate.slice(-2), [20, 1]);
  assert.deepEqual(s.errors.slice(-2), [1, 0]);
  assert.equal(s.avgMs.at(-2), Math.round(((19 * 3 + 100) / 20) * 10) / 10);
  assert.equal(s.p95Ms.at(-2), 4, 'the 95th of 20 requests falls in the 2–4 ms bin');
  assert.equal(s.p95Ms.at(-1), 1);
  assert.deepEqual(m.current(), { t: Math.floor(now / 1000) - 1, rate: 20, avgMs: s.avgMs.at(-2), p95Ms: 4, errors: 1 });
  now += WINDOW_SECONDS * 1000;
  m.record(200, 1);
  assert.equal(m.series().rate.reduce((a, b) => a + b, 0), 1, 'a bucket from ten minutes ago is reused, not added to');
});

test('dashboard metrics: queue depth samples keep the last ten minutes', () => {
  const d = new DepthSampler(60_000);
  for (let i = 0; i < 15; i++) d.add(i, { waiting: i, leased: 0, dead: 1 });
  const s = d.series();
  assert.equal(s.t.length, 10);
  assert.deepEqual(s.waiting.slice(0, 2), [5, 6]);
});

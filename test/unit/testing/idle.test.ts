// runtime/work.ts (waitIdle over WorkSources), runtime/clock.ts (FakeClock settling and set) and the test
// kit's duration parser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../../runtime/clock.js';
import { parseDuration } from '../../../runtime/testing.js';
import { SettleSignal, waitIdle, type WorkSource } from '../../../runtime/work.js';

function source(): WorkSource & { busy: Set<string>; finish(key: string): void } {
  const signal = new SettleSignal();
  const busy = new Set<string>();
  return {
    busy,
    inFlight: () => [...busy],
    onSettle: (fn) => signal.on(fn),
    finish(key) {
      busy.delete(key);
      signal.emit();
    },
  };
}

test('waitIdle: resolves at once when idle, else when the last work of every source finished', async () => {
  const a = source();
  const b = source();
  assert.deepEqual(await waitIdle([a, b]), { stalled: [] });
  a.busy.add('a1');
  b.busy.add('b1');
  let done = false;
  const p = waitIdle([a, b]).then(() => (done = true));
  a.finish('a1');
  await new Promise((r) => setImmediate(r));
  assert.equal(done, false);
  b.finish('b1');
  await p;
  assert.equal(done, true);
});

test('waitIdle: stalled work is reported after stallMs without progress, ignored keys are not waited for, timeouts name the work', async () => {
  const a = source();
  a.busy.add('queue:x:1');
  assert.deepEqual(await waitIdle([a], { stallMs: 10 }), { stalled: ['queue:x:1'] });
  assert.deepEqual(await waitIdle([a], { ignore: new Set(['queue:x:1']) }), { stalled: [] });
  await assert.rejects(waitIdle([a], { timeoutMs: 10 }), /still busy after 10 ms: queue:x:1/);
});

test('FakeClock: advance fires timers in time order and settles after each; set() goes back without firing', async () => {
  const clock = new FakeClock(0);
  const order: string[] = [];
  clock.settleWith(async () => void order.push(`settle@${clock.now()}`));
  clock.setTimeout(() => order.push('b@20'), 20);
  clock.setTimeout(() => order.push('a@10'), 10);
  const cancelled = clock.setTimeout(() => order.push('never'), 15);
  cancelled.cancel();
  await clock.advance(30);
  assert.deepEqual(order, ['settle@0', 'a@10', 'settle@10', 'b@20', 'settle@20', 'settle@30']);
  await clock.set(5);
  assert.equal(clock.now(), 5);
  assert.equal(Number(new BigInt64Array(clock.sharedCell())[0]), 5);
});

test('parseDuration: units ms s m h d w, combined parts and plain milliseconds', () => {
  assert.equal(parseDuration('25h'), 25 * 3_600_000);
  assert.equal(parseDuration('1h30m'), 5_400_000);
  assert.equal(parseDuration('1h 30m'), 5_400_000);
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('1.5s'), 1500);
  assert.equal(parseDuration('2d'), 172_800_000);
  assert.equal(parseDuration('1w'), 604_800_000);
  assert.equal(parseDuration(250), 250);
  assert.throws(() => parseDuration('10'), { code: 'LH_TEST_BAD_ARGUMENT' });
  assert.throws(() => parseDuration('5x'), { code: 'LH_TEST_BAD_ARGUMENT' });
  assert.throws(() => parseDuration(Number.NaN), { code: 'LH_TEST_BAD_ARGUMENT' });
});

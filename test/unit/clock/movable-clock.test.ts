// runtime/movable-clock.ts: real time plus an offset; timers fire by themselves in real time, and advance, set and
// reset move the offset, firing what is due on the way in time order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CELL_OFFSET } from '../../../runtime/clock.js';
import { MovableClock } from '../../../runtime/movable-clock.js';

const HOUR = 3_600_000;

test('MovableClock: starts at the real time (or where asked); a timer fires by itself as real time reaches it', async () => {
  const clock = new MovableClock();
  // The clock's own timer does not hold the process open (a server does); this test has no server.
  const alive = setInterval(() => {}, 1000);
  try {
    assert.ok(Math.abs(clock.now() - Date.now()) < 50);
    assert.equal(clock.offset, 0);
    const fired = await new Promise<number>((resolve) => clock.setTimeout(() => resolve(Date.now()), 30));
    assert.ok(fired >= Date.now() - 1000);
    const later = new MovableClock(Date.now() + 2 * HOUR);
    assert.ok(Math.abs(later.offset - 2 * HOUR) < 50);
    later.stop();
  } finally {
    clearInterval(alive);
    clock.stop();
  }
});

test('MovableClock: advance fires due timers in time order, settling after each, and moves the offset', async () => {
  const clock = new MovableClock();
  try {
    const order: string[] = [];
    clock.settleWith(async () => void order.push('settle'));
    clock.setTimeout(() => order.push('b@2h'), 2 * HOUR);
    clock.setTimeout(() => order.push('a@1h'), HOUR);
    clock.setTimeout(() => order.push('c@30h'), 30 * HOUR);
    const cancelled = clock.setTimeout(() => order.push('never'), 90 * 60_000);
    cancelled.cancel();
    assert.equal(clock.pendingTimers(), 3);
    const start = clock.now();
    await clock.advance(25 * HOUR);
    assert.deepEqual(order, ['settle', 'a@1h', 'settle', 'b@2h', 'settle', 'settle']);
    assert.ok(clock.now() - start >= 25 * HOUR && clock.now() - start < 25 * HOUR + 1000);
    assert.ok(Math.abs(clock.offset - 25 * HOUR) < 1000);
    assert.equal(clock.pendingTimers(), 1);
    const cell = new BigInt64Array(clock.sharedCell());
    assert.equal(cell[1], CELL_OFFSET);
    assert.equal(Number(cell[0]), clock.offset);
  } finally {
    clock.stop();
  }
});

test('MovableClock: set back runs nothing; reset from behind runs what is due up to the real time', async () => {
  const clock = new MovableClock();
  try {
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('in 1h'), HOUR);
    await clock.set(Date.now() - 3 * HOUR);
    assert.ok(Math.abs(clock.offset + 3 * HOUR) < 1000);
    assert.equal(fired.length, 0);
    clock.setTimeout(() => fired.push('in 30m from 3h ago'), 30 * 60_000);
    await clock.reset();
    assert.equal(clock.offset, 0);
    assert.deepEqual(fired, ['in 30m from 3h ago'], 'due before the real time: fired; the 1h timer still waits');
    await clock.advance(2 * HOUR);
    assert.deepEqual(fired, ['in 30m from 3h ago', 'in 1h']);
    await clock.reset();
    assert.equal(clock.offset, 0, 'reset from ahead goes back without firing');
  } finally {
    clock.stop();
  }
});

test('MovableClock: a real-time timer waits while an advance is firing, so timers never run out of order', async () => {
  const clock = new MovableClock();
  try {
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let first = true;
    clock.settleWith(async () => {
      if (first) {
        first = false;
        await gate;
      }
    });
    clock.setTimeout(() => order.push('soon'), 20);
    clock.setTimeout(() => order.push('later'), HOUR);
    const moving = clock.advance(2 * HOUR);
    // Real time is the subject here: let it pass the 20 ms timer's due time while the advance is held.
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(order.length, 0, 'the 20 ms timer did not fire on its own during the advance');
    release();
    await moving;
    assert.deepEqual(order, ['soon', 'later']);
  } finally {
    clock.stop();
  }
});

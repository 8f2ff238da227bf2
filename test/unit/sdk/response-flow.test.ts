import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { RESPONSE_HIGH_WATER, RESPONSE_LOW_WATER, ResponseFlow } from '../../../sdk/response-flow.worker.js';

test('response flow: full past the high-water mark; a held source resumes and waiters go on below the low-water mark', async () => {
  const flow = new ResponseFlow();
  const source = new PassThrough();
  source.resume();
  flow.sent(RESPONSE_HIGH_WATER - 1);
  flow.hold(source);
  assert.equal(source.isPaused(), false, 'room left: not paused');
  flow.sent(1);
  assert.equal(flow.full, true);
  flow.hold(source);
  assert.equal(source.isPaused(), true);
  let resumed = false;
  const waiting = flow.room().then(() => (resumed = true));
  flow.acked(RESPONSE_HIGH_WATER - RESPONSE_LOW_WATER);
  await Promise.resolve();
  assert.equal(resumed, false, 'still above the low-water mark');
  assert.equal(source.isPaused(), true);
  flow.acked(1);
  await waiting;
  assert.equal(source.isPaused(), false);
  assert.equal(flow.full, false);
});

test('response flow: abort releases waiters and destroys the sources writing to it, also ones that come later', async () => {
  const flow = new ResponseFlow();
  const source = new PassThrough();
  flow.hold(source);
  flow.sent(RESPONSE_HIGH_WATER * 2);
  const waiting = flow.room();
  flow.abort();
  await waiting;
  assert.equal(source.destroyed, true);
  assert.equal(flow.full, false, 'an aborted flow never holds anyone back');
  const late = new PassThrough();
  flow.hold(late);
  assert.equal(late.destroyed, true);
});

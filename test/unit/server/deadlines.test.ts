import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Deadlines } from '../../../runtime/server/exchange.js';

/** A stand-in for an exchange: records when it timed out. */
function waiter(name: string, out: string[]) {
  return { prev: null, next: null, due: 0, timedOut: () => out.push(name) };
}

test('gateway deadlines: one timer times out what is still waiting, in order; removed ones never time out', async () => {
  const out: string[] = [];
  const list = new Deadlines(20);
  const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => waiter(n, out));
  list.add(a!);
  list.add(b!);
  list.add(c!);
  list.remove(b!);
  // Sent again (a retry): its deadline starts over, behind the others.
  list.add(a!);
  list.add(d!);
  list.remove(d!);
  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (out.length < 2) return;
      clearInterval(check);
      resolve();
    }, 5);
  });
  assert.deepEqual(out, ['c', 'a']);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { Batcher, isBatch } from '../../../runtime/runner/batcher.js';

type Msg = { type: string; id: number; body?: Uint8Array; fn?: () => void };

test('batcher: one message per turn; small bodies cross in one buffer, byte-exact', async () => {
  const { port1, port2 } = new MessageChannel();
  const failed: number[] = [];
  const out = new Batcher<Msg>((m) => port1.postMessage(m), (m) => failed.push(m.id));
  const bodies = [Uint8Array.from([1, 2, 3]), new Uint8Array(0), new TextEncoder().encode('héllo'), new Uint8Array(20_000).fill(7)];
  bodies.forEach((body, id) => out.push({ type: 'response', id, body }));
  out.push({ type: 'log', id: 9 });
  await new Promise((r) => setImmediate(r));
  const got = receiveMessageOnPort(port2)!.message as Msg | { type: 'batch'; msgs: Msg[] };
  assert.ok(isBatch(got));
  assert.equal(receiveMessageOnPort(port2), undefined, 'one message for the turn');
  const msgs = got.msgs;
  assert.deepEqual(msgs.map((m) => m.id), [0, 1, 2, 3, 9]);
  msgs.slice(0, 4).forEach((m, i) => assert.deepEqual([...m.body!], [...bodies[i]!]));
  assert.equal(msgs[0]!.body!.buffer, msgs[2]!.body!.buffer, 'small bodies share one buffer');
  assert.notEqual(msgs[3]!.body!.buffer, msgs[0]!.body!.buffer, 'a large body keeps its own');
  // A message that cannot be cloned is reported alone; the others still go.
  out.push({ type: 'response', id: 1, body: Uint8Array.from([5]) });
  out.push({ type: 'bad', id: 2, fn: () => {} });
  out.push({ type: 'response', id: 3, body: Uint8Array.from([6]) });
  await new Promise((r) => setImmediate(r));
  const sent = [receiveMessageOnPort(port2)!.message as Msg, receiveMessageOnPort(port2)!.message as Msg];
  assert.deepEqual(sent.map((m) => [m.id, [...m.body!]]), [[1, [5]], [3, [6]]]);
  assert.deepEqual(failed, [2]);
  port1.close();
});

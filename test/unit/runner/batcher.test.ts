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

test('batcher: answers sent as tuples (runner/protocol.ts) share the batch buffer too, byte-exact', async () => {
  const { port1, port2 } = new MessageChannel();
  type Tuple = [number, number, string[], Uint8Array];
  const out = new Batcher<Tuple | Msg>((m) => port1.postMessage(m));
  const bodies = [Uint8Array.from([1, 2]), new TextEncoder().encode('{"a":1}'), new Uint8Array(20_000).fill(3)];
  bodies.forEach((body, id) => out.push([id, 200, ['content-type', 'application/json'], body]));
  out.push({ type: 'log', id: 9 });
  await new Promise((r) => setImmediate(r));
  const got = receiveMessageOnPort(port2)!.message as { type: 'batch'; msgs: (Tuple | Msg)[] };
  assert.ok(isBatch(got));
  const tuples = got.msgs.slice(0, 3) as Tuple[];
  tuples.forEach((t, i) => assert.deepEqual([t[0], t[1], t[2], [...t[3]]], [i, 200, ['content-type', 'application/json'], [...bodies[i]!]]));
  assert.equal(tuples[0]![3].buffer, tuples[1]![3].buffer, 'small bodies share one buffer');
  assert.notEqual(tuples[2]![3].buffer, tuples[0]![3].buffer);
  assert.equal(isBatch(tuples[0]!), false, 'a tuple is never taken for a batch');
  port1.close();
});

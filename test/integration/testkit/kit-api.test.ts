// The test kit's API beyond the shared scenarios: the app's Date, retry delays and lease timeouts on the
// manual clock, drain, bad arguments, scripted LLM rules, level storage and the system clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer, type TestServer, type TestServerOptions } from '../../../runtime/testing.js';
import { FIXTURES } from '../../helpers/app-server.js';

const APP = join(FIXTURES, 'testkit-app');

async function withServer(options: Partial<TestServerOptions>, body: (s: TestServer) => Promise<void>): Promise<void> {
  const server = await startTestServer({ appDir: APP, ...options });
  try {
    await body(server);
  } finally {
    await server.stop();
  }
}

const post = (s: TestServer, path: string, body: unknown = {}) =>
  fetch(`${s.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const done = async (s: TestServer) => (await s.db.getMany('done', {}).toArray()) as Array<{ topic: string; at: string }>;

test("test kit clock: the app's Date.now(), new Date() and Date() follow the manual clock; Date stays Date", async () => {
  await withServer({ startTime: '2026-05-01T12:00:00.000Z' }, async (s) => {
    const read = async () => (await (await fetch(`${s.url}/now`)).json()) as { now: number; iso: string; text: string; isDate: boolean };
    const before = await read();
    assert.deepEqual([before.now, before.iso, before.isDate], [Date.parse('2026-05-01T12:00:00.000Z'), '2026-05-01T12:00:00.000Z', true]);
    assert.equal(before.text, new Date('2026-05-01T12:00:00.000Z').toString());
    await s.clock.advance('1h30m');
    assert.equal((await read()).iso, '2026-05-01T13:30:00.000Z');
    await s.clock.set('2026-05-03T00:00:00.000Z');
    assert.equal((await read()).iso, '2026-05-03T00:00:00.000Z');
    assert.equal(s.clock.now().toISOString(), '2026-05-03T00:00:00.000Z');
    await s.clock.set(new Date('2026-05-02T00:00:00.000Z')); // backward: nothing fires
    assert.equal((await read()).iso, '2026-05-02T00:00:00.000Z');
  });
});

test('Q-08 test kit clock: a failed item is retried only when the clock reaches its backoff (1 s)', async () => {
  await withServer({}, async (s) => {
    await post(s, '/work/flaky', { n: 1 });
    await s.queues.drain();
    assert.deepEqual(await done(s), []);
    assert.equal(s.queues.status().find((t) => t.topic === 'flaky')?.failed, 1);
    await s.clock.advance(999);
    assert.deepEqual(await done(s), []);
    await s.clock.advance(1);
    assert.deepEqual((await done(s)).map((d) => d.topic), ['flaky']);
    assert.match(s.logs, /queue flaky: item \w+ failed attempt 1\/3: first attempt fails; retrying in 1000 ms/);
  });
});

test('Q-08 test kit clock: a worker that never ends times out when the clock passes its lease, then is retried', async () => {
  await withServer({ stallMs: 100 }, async (s) => {
    await post(s, '/work/hang', {});
    await assert.rejects(s.queues.drain({ timeoutMs: 100 }), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'LH_TEST_TIMEOUT');
      assert.match(err.message, /queues\.drain: still busy after 100 ms: queue:\w+:1/);
      return true;
    });
    await s.clock.advance('6s'); // lease 5 s, then the 1 s backoff
    await s.queues.drain();
    assert.deepEqual((await done(s)).map((d) => d.topic), ['hang']);
    assert.match(s.logs, /did not finish within 5000 ms/);
    assert.match(s.logs, /test clock: queue:\w+:1 still running after 100 ms without progress; moving time on/);
  });
});

test('test kit: stop() ends a server whose worker never finishes, without moving its clock', { timeout: 15_000 }, async () => {
  const s = await startTestServer({ appDir: APP });
  await post(s, '/work/hang', {});
  await assert.rejects(s.queues.drain({ timeoutMs: 50 }), { code: 'LH_TEST_TIMEOUT' });
  await s.stop();
});

test('test kit: bad arguments are LH_TEST_BAD_ARGUMENT errors that say what is expected', async () => {
  await assert.rejects(startTestServer({ appDir: APP, storage: 'disk' as never }), { code: 'LH_TEST_BAD_ARGUMENT', message: /storage must be 'memory' or 'level'/ });
  await assert.rejects(startTestServer({ appDir: APP, clock: 'fast' as never }), { code: 'LH_TEST_BAD_ARGUMENT' });
  await withServer({}, async (s) => {
    await assert.rejects(s.clock.advance('25 hours'), { code: 'LH_TEST_BAD_ARGUMENT', message: /cannot read '25 hours'/ });
    await assert.rejects(s.clock.advance(-1), { code: 'LH_TEST_BAD_ARGUMENT' });
    await assert.rejects(s.clock.set('yesterday'), { code: 'LH_TEST_BAD_ARGUMENT', message: /expected a Date, an ISO string or epoch milliseconds/ });
    await assert.rejects(s.workflows.waitFor('x', { step: 3 } as never), { code: 'LH_TEST_BAD_ARGUMENT' });
    await assert.rejects(s.workflows.waitFor('nope', { done: true }, { timeoutMs: 50 }), {
      code: 'LH_TEST_TIMEOUT',
      message: 'workflow nope did not reach completion within 50 ms: there is no such instance',
    });
    assert.throws(() => s.llm.fail(200), { code: 'LH_LLM_CONFIG', message: /status must be an HTTP error status 400..599/ });
    assert.throws(() => s.llm.reply(42 as never, 'x'), { code: 'LH_LLM_CONFIG' });
    assert.throws(() => s.llm.reply('x', 'y', { times: 0 }), { code: 'LH_LLM_CONFIG' });
  });
});

test('test kit llm: rules apply in order with their counts; faults can match; calls are journaled; reset forgets', async () => {
  await withServer({}, async (s) => {
    const chat = async (content: string, extra: object = {}) => {
      const res = await fetch(`${s.origin}/.localhooks/llm/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }], ...extra }),
      });
      return { status: res.status, body: (await res.json()) as { choices?: Array<{ message: { content: string } }>; error?: { code: string } } };
    };
    s.llm.fail(503, { match: /classify/i, times: 2 });
    s.llm.reply('classify', 'bug', { times: 1 });
    s.llm.reply((call) => call.prompt.startsWith('Translate'), (call) => `translated: ${call.prompt.length}`);
    assert.equal((await chat('Classify: crash on start')).status, 503);
    assert.equal((await chat('classify: crash')).status, 503);
    assert.equal((await chat('classify: crash')).body.choices?.[0]?.message.content, 'bug');
    assert.equal((await chat('classify: crash')).status, 200); // the reply was used up: answered offline
    assert.equal((await chat('Translate hello', { response_format: { type: 'json_object' } })).body.choices?.[0]?.message.content, 'translated: 15');
    const calls = s.llm.calls;
    assert.deepEqual(
      calls.map((c) => [c.status, c.fault?.source ?? null, c.scripted]),
      [[503, 'script', false], [503, 'script', false], [200, null, true], [200, null, false], [200, null, true]],
    );
    assert.equal(calls[3]!.answer, (calls[3]!.response as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content);
    assert.equal(calls[0]!.model, 'gpt-4o-mini');
    s.llm.reset();
    assert.deepEqual(s.llm.calls, []);
    assert.equal((await chat('Translate hello')).body.choices?.[0]?.message.content.startsWith('translated'), false);
  });
});

test("test kit storage 'level': the store lives in the data folder; the temp folder is removed by stop()", async () => {
  const s = await startTestServer({ appDir: APP, storage: 'level', clock: 'system' });
  const dataDir = /data\s+(\S+)/.exec(s.logs)![1]!;
  try {
    await s.db.insertOne('notes', { by: 'level' });
    assert.equal(existsSync(join(dataDir, 'db')), true);
    assert.equal(s.clock.mode, 'system');
    await assert.rejects(s.clock.advance('1h'), { code: 'LH_TEST_SYSTEM_CLOCK', message: /start it with startTestServer\(\{ clock: 'manual' \}\)/ });
  } finally {
    await s.stop();
  }
  assert.equal(existsSync(dataDir), false);
});

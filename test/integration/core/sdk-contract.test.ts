import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CALL_METHODS, CALLS, STREAM_METHODS, STREAMS } from '../../../sdk/contract/calls.js';
import { startFixture } from '../../helpers/app-server.js';

test('contract: inside the coderunner the conn, collection(name) and _coho_fs offer every contract method (CONTRACT-02, CONTRACT-03, DB-28)', async () => {
  const app = await startFixture('contract-app');
  try {
    const { status, body } = await app.json<{ conn: string[]; collection: string[]; files: string[] }>('/surface');
    assert.equal(status, 200);
    for (const m of [...CALL_METHODS, ...STREAM_METHODS, 'collection', 'open']) assert.ok(body.conn.includes(m), `conn.${m}`);
    const coll = [...CALL_METHODS.filter((m) => CALLS[m].collection), ...STREAM_METHODS.filter((m) => STREAMS[m].collection)];
    assert.deepEqual(body.collection, coll.sort());
    assert.deepEqual(body.files, ['deleteFile', 'getFileStream', 'list', 'readFile', 'saveFile']);
  } finally {
    await app.close();
  }
});

test('DB-34 DataStream: an app chains .sort().limit() onto getMany before toArray(), over the thread boundary', async () => {
  const app = await startFixture('contract-app');
  try {
    const post = (doc: object) => app.fetch('/log', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(doc) });
    for (const [subject, sentAt] of [['welcome', '2026-01-01'], ['day 3', '2026-01-03'], ['day 7', '2026-01-07']]) {
      assert.equal((await post({ to: 'a@example.com', subject, sentAt })).status, 200);
    }
    await post({ to: 'b@example.com', subject: 'other', sentAt: '2026-02-01' });
    assert.deepEqual((await app.json('/log/recent?to=a@example.com')).body, ['day 7', 'day 3']);
    assert.deepEqual((await app.json('/log/recent?to=a@example.com&n=5')).body, ['day 7', 'day 3', 'welcome']);
  } finally {
    await app.close();
  }
});

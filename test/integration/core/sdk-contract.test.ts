import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CALL_METHODS, CALLS, STREAM_METHODS, STREAMS } from '../../../sdk/contract/calls.js';
import { startFixture, type TestApp } from '../../helpers/app-server.js';

test('contract: inside the coderunner the conn, collection(name) and _coho_fs offer every contract method (CONTRACT-02, CONTRACT-03, CONTRACT-33, DB-28, KV-11, MDB-02, MDB-08)', async () => {
  const app = await startFixture('contract-app');
  try {
    const { status, body } = await app.json<{ conn: string[]; collection: string[]; files: string[]; openIsSelf: boolean }>('/surface');
    assert.equal(status, 200);
    for (const m of [...CALL_METHODS, ...STREAM_METHODS, 'collection', 'open']) assert.ok(body.conn.includes(m), `conn.${m}`);
    // KV-11: the key-value calls sit on the same conn as the document calls.
    for (const m of ['set', 'get', 'incr', 'getAll', 'del', 'insertOne', 'getMany']) assert.ok(body.conn.includes(m), `conn.${m}`);
    const coll = [...CALL_METHODS.filter((m) => CALLS[m].collection), ...STREAM_METHODS.filter((m) => STREAMS[m].collection)];
    // Read before deepEqual narrows body.collection to the contract's method names.
    const collectionMethods: string[] = [...body.collection];
    assert.deepEqual(body.collection, coll.sort());
    assert.deepEqual(body.files, ['deleteFile', 'getFileStream', 'list', 'readFile', 'saveFile']);
    // CONTRACT-33: every conn call SDK 1.4.3 makes itself.
    const sdkCalls = ['insertOne', 'getOne', 'findOne', 'find', 'getMany', 'updateOne', 'updateMany', 'replaceOne', 'removeOne', 'removeMany', 'enqueue', 'runAt', 'get', 'set'];
    for (const m of sdkCalls) assert.ok(body.conn.includes(m), `conn.${m}`);
    assert.ok(collectionMethods.includes('find'));
    // MDB-02: what the reference Mongo adapter offers (open() resolving itself, the collection wrapper), and more.
    assert.equal(body.openIsSelf, true);
    const wrapper = ['getOne', 'getMany', 'find', 'insertOne', 'updateOne', 'updateMany', 'replaceOne', 'replaceMany', 'removeOne', 'removeMany'];
    for (const m of [...wrapper, 'count', 'findOneOrNull', 'setSchema']) assert.ok(collectionMethods.includes(m), `collection(name).${m}`);
    // MDB-08: what that adapter lacks is all here.
    const lacking = ['replaceMany', 'enqueueFromQuery', 'delAll', 'findOneOrNull', 'setObj', 'getObj', 'createIndex', 'removeIndex', 'setSchema', 'getSchema', 'removeSchema', 'createCollection', 'dropCollection', 'count', 'runAt'];
    for (const m of lacking) assert.ok(body.conn.includes(m), `conn.${m}`);
  } finally {
    await app.close();
  }
});

test('DB-12/DB-34 DataStream: an app chains .sort().limit() onto getMany, then toArray() resolves the documents, over the thread boundary', async () => {
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

const seedLog = async (app: TestApp) => {
  for (const [subject, sentAt] of [['welcome', '2026-01-01'], ['day 3', '2026-01-03']]) {
    const r = await app.fetch('/log', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ subject, sentAt }) });
    assert.equal(r.status, 200);
  }
};

test('RES-05 res.json(DataStream): the stream is sent as a JSON array with content-type application/json', async () => {
  const app = await startFixture('contract-app');
  try {
    await seedLog(app);
    const r = await app.json<{ subject: string; _id: string }[]>('/log');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(r.body.map((d) => d.subject), ['welcome', 'day 3']);
    for (const d of r.body) assert.match(d._id, /^[0-9a-f]{24}$/);
  } finally {
    await app.close();
  }
});

test('DB-15 JSONL: forEach with res.write streams one document a line under the app’s content-type', async () => {
  const app = await startFixture('contract-app');
  try {
    await seedLog(app);
    const res = await app.fetch('/log.jsonl');
    assert.equal(res.headers.get('content-type'), 'application/x-ndjson');
    const lines = (await res.text()).split('\n');
    assert.equal(lines.pop(), '', 'every line ends with a newline');
    assert.deepEqual(lines.map((l) => (JSON.parse(l) as { subject: string }).subject), ['welcome', 'day 3']);
  } finally {
    await app.close();
  }
});

test('DB-30 a rejection seen by app code is an Error with message, code and status', async () => {
  const app = await startFixture('contract-app');
  try {
    const r = await app.json<Record<string, unknown>>('/log/ffffffffffffffffffffffff');
    assert.equal(r.status, 404);
    assert.equal(r.body.isError, true);
    assert.equal(r.body.code, 'LH_DB_NOT_FOUND');
    assert.equal(r.body.status, 404);
    assert.match(String(r.body.message), /email_log/);
  } finally {
    await app.close();
  }
});

test('AGG-01/AGG-02 aggregation(stream, spec) over a getMany stream: $sum/$avg/$min/$max, labels, nested $group, () keys, missing keys', async () => {
  const app = await startFixture('contract-app');
  try {
    const sales = [{ region: 'north', amount: 10, year: 2025 }, { region: 'north', amount: 30, year: 2026 }, { region: 'south', amount: 5, year: 2026 }, { amount: 7, year: 2026 }];
    for (const s of sales) assert.equal((await app.fetch('/sales', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(s) })).status, 200);
    const agg = async (spec: object) => (await app.json(`/sales/agg?spec=${encodeURIComponent(JSON.stringify(spec))}`)).body;
    assert.deepEqual(await agg({ $sum: 'amount', $max: 'amount', $min: 'amount', $avg: { $field: 'amount', $label: 'mean' } }), {
      count: 4,
      amount: { sum: 52, max: 30, min: 5 },
      mean: { avg: 13, sum_total: 52 },
    });
    assert.deepEqual(await agg({ $group: { $field: 'region', $sum: 'amount', $max: 'amount' } }), {
      count: 4,
      region: {
        north: { count: 2, amount: { sum: 40, max: 30 } },
        south: { count: 1, amount: { sum: 5, max: 5 } },
        '**MISSING KEY [region]': { count: 1, amount: { sum: 7, max: 7 } },
      },
    });
    assert.deepEqual(await agg({ $group: [{ $field: 'year', $label: 'byYear', $sum: 'amount', $group: { $field: 'region' } }] }), {
      count: 4,
      byYear: {
        '(2025)': { count: 1, amount: { sum: 10 }, region: { north: { count: 1 } } },
        '(2026)': { count: 3, amount: { sum: 42 }, region: { north: { count: 1 }, south: { count: 1 }, '**MISSING KEY [region]': { count: 1 } } },
      },
    });
  } finally {
    await app.close();
  }
});

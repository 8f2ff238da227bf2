// localhooks query, count, kv, export, import and reset against a running server: tables for people, --json for
// scripts, errors that name the problem and exit 1; export → reset → import gives the same data back.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../../../runtime/testing.js';
import { runCount } from '../../../runtime/cli/commands/count.js';
import { runExport } from '../../../runtime/cli/commands/export.js';
import { runImport } from '../../../runtime/cli/commands/import.js';
import { runKv } from '../../../runtime/cli/commands/kv.js';
import { runLogs } from '../../../runtime/cli/commands/logs.js';
import { runQuery } from '../../../runtime/cli/commands/query.js';
import { runReset } from '../../../runtime/cli/commands/reset.js';
import { FIXTURES, postJson, waitFor } from '../../helpers/app-server.js';
import { api, captureIo } from '../../helpers/admin-api.js';

let server: TestServer;
let dir: string;
// 127.0.0.1, not localhost: another process may listen on [::1] at the same port number.
const port = () => ['--url', `http://127.0.0.1:${server.port}`];
type Run = (args: string[], io: ReturnType<typeof captureIo>) => Promise<number>;
async function cli(run: Run, args: string[]) {
  const io = captureIo();
  const code = await run([...args, ...port()], io);
  return { code, out: io.stdout, err: io.stderr };
}

before(async () => {
  server = await startTestServer({ appDir: join(FIXTURES, 'data-app'), startTime: '2026-03-01T10:00:00Z' });
  dir = await mkdtemp(join(tmpdir(), 'lh-cli-data-'));
});
after(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Everything the round trip must bring back: documents, key-value with expiry, indexes and schemas. */
async function everything() {
  const { collections } = (await api(server.origin, 'GET', '/collections')).body as { collections: { name: string; indexes: string[]; schema: unknown }[] };
  const docs: Record<string, unknown[]> = {};
  for (const c of collections) docs[c.name] = await server.db.getMany(c.name).toArray();
  const kv = (await (await fetch(`${server.origin}/.localhooks/api/kv/export`)).text()).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  return { collections: collections.map(({ name, indexes, schema }) => ({ name, indexes, schema })), docs, kv };
}

test('cli query and count: tables for people, --json for scripts', async () => {
  await server.db.insertOne('customers', [
    { name: 'Ann', city: 'Oslo', orders: 3 },
    { name: 'Bob', city: 'Bergen', orders: 12, address: { street: 'Main 1' } },
    { name: 'Cy', city: 'Oslo', orders: 7 },
  ]);
  const q = await cli(runQuery, ['customers', 'city=Oslo&orders>2', '--sort=-orders', '--fields', 'name,orders']);
  assert.equal(q.code, 0, q.err);
  const lines = q.out.trim().split('\n');
  assert.match(lines[0]!, /^_id\s+name\s+orders$/);
  assert.match(lines[2]!, /Cy\s+7$/);
  assert.match(lines[3]!, /Ann\s+3$/);
  assert.equal(lines.at(-1), '2 document(s)');
  const j = await cli(runQuery, ['customers', '{"address.street": {"$exists": true}}', '--json']);
  assert.deepEqual(JSON.parse(j.out).map((d: { name: string }) => d.name), ['Bob']);
  const paged = await cli(runQuery, ['customers', '--limit', '2']);
  assert.match(paged.out, /2 document\(s\) — more: --offset 2/);

  const count = await cli(runCount, ['customers', 'city=Oslo']);
  assert.equal(count.out, '2\n');
  const all = await cli(runCount, []);
  assert.match(all.out, /customers\s+3/);
  assert.deepEqual(JSON.parse((await cli(runCount, ['customers', '--json'])).out), { collection: 'customers', count: 3 });
});

test('cli query, count and kv: errors name the problem and exit 1', async () => {
  const unknown = await cli(runQuery, ['nope']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.err, /localhooks query: no collection "nope" \(collections: .*"customers"/);
  const badJson = await cli(runQuery, ['customers', '{"name": ']);
  assert.equal(badJson.code, 1);
  assert.match(badJson.err, /the query is not JSON/);
  const badOp = await cli(runQuery, ['customers', '{"name": {"$near": 1}}']);
  assert.match(badOp.err, /\$near/);
  const big = await cli(runQuery, ['customers', '--limit', '5000']);
  assert.match(big.err, /limit 5000 is larger than a page may be \(1000\)/);
  const badFlag = await cli(runCount, ['--bogus']);
  assert.equal(badFlag.code, 1);
  assert.equal(badFlag.err, 'localhooks count: unknown option --bogus (--help lists the options)\n');
  const noValue = await cli(runQuery, ['customers', 'age>']);
  assert.equal(noValue.code, 1);
  assert.equal(noValue.err, 'localhooks query: cannot read "age>" in the query: > needs a value (age>3)\n');
  assert.equal((await cli(runCount, ['customers', 'name='])).out, '0\n', 'field= is a comparison with the empty string');
  const badLimit = await cli(runQuery, ['customers', '--limit', 'abc']);
  assert.equal(badLimit.err, 'localhooks query: limit must be a whole number ≥ 1, got "abc"\n');
  const io = captureIo();
  assert.equal(await runCount(['--port', '1'], io), 1);
  assert.match(io.stderr, /No localhooks server at http:\/\/localhost:1/);
  const badTtl = await cli(runKv, ['set', 'k', 'v', '--ttl', 'soon']);
  assert.equal(badTtl.code, 1);
  assert.match(badTtl.err, /--ttl: cannot read 'soon'/);
  assert.equal((await cli(runKv, ['get', 'missing'])).code, 1);
  assert.equal((await cli(runKv, ['frob'])).code, 1);
});

test('cli kv: set with a TTL, get, ls with the TTL left, del', async () => {
  assert.equal((await cli(runKv, ['set', 'greeting', 'hello', '--ttl', '10m'])).out, 'greeting set, expires in 10m\n');
  await cli(runKv, ['set', 'tok', 'abc', '--keyspace', 'sessions']);
  await server.clock.advance('1m');
  assert.equal((await cli(runKv, ['get', 'greeting'])).out, 'hello\n(expires in 9m, at 2026-03-01T10:10:00.000Z)\n');
  const ls = await cli(runKv, ['ls', 'gree']);
  assert.match(ls.out, /greeting\s+hello\s+9m/);
  assert.match((await cli(runKv, ['ls', '--keyspace', 'sessions'])).out, /tok\s+abc\s+-/);
  assert.match((await cli(runKv, ['ls', '--keyspaces'])).out, /sessions\s+1/);
  assert.equal((await cli(runKv, ['del', 'tok', '--keyspace', 'sessions'])).out, 'tok deleted\n');
  assert.equal((await cli(runKv, ['del', 'tok', '--keyspace', 'sessions'])).out, 'tok did not exist\n');
});

test('cli export → reset → import: the same documents, key-value with TTLs, indexes and schemas; importing twice changes nothing', async () => {
  await server.db.insertOne('orders', Array.from({ length: 50 }, (_, i) => ({ n: i, lines: [{ sku: `s${i}`, qty: i % 3 }], at: new Date(Date.UTC(2026, 0, 1 + i)).toISOString() })));
  await server.db.createIndex('orders', ['n', 'lines.sku']);
  await server.db.setSchema('customers', { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] });
  await server.db.createCollection('empty-but-indexed');
  await server.db.createIndex('empty-but-indexed', 'x');
  await server.db.set('cache:1', 'one', { ttl: 60_000 });
  await server.db.set('cache:2', JSON.stringify({ deep: [1, 2] }), { ttl: 3_600_000, keyspace: 'cache' });
  await server.db.set('forever', 'x', { keyspace: 'cache' });
  const original = await everything();

  const out = join(dir, 'backup');
  const exported = await cli(runExport, ['--out', out]);
  assert.equal(exported.code, 0, exported.err);
  assert.match(exported.out, /Exported 3 collection\(s\), 53 document\(s\) and 4 key-value entries/);
  assert.equal((await readFile(join(out, 'collections', 'orders.jsonl'), 'utf8')).trim().split('\n').length, 50);
  assert.deepEqual(JSON.parse(await readFile(join(out, 'indexes.json'), 'utf8')).orders, ['n', 'lines.sku']);
  assert.ok(JSON.parse(await readFile(join(out, 'schemas.json'), 'utf8')).customers);

  assert.equal((await cli(runReset, ['--yes'])).code, 0);
  assert.deepEqual((await everything()).collections, []);
  const imported = await cli(runImport, [out]);
  assert.equal(imported.code, 0, imported.err);
  assert.match(imported.out, /orders: 50 inserted, 0 replaced/);
  assert.match(imported.err, /orders: 50\/50 \(100%\)/);
  assert.deepEqual(await everything(), original);

  const again = await cli(runImport, [out]);
  assert.match(again.out, /orders: 0 inserted, 50 replaced/);
  assert.deepEqual(await everything(), original);
  const byIndex = await server.db.getMany('orders', { 'lines.sku': 's7' }).toArray();
  assert.equal(byIndex.length, 1, 'the index was rebuilt and is used');
});

test('cli import: a bad JSON line, a schema violation or a bad CSV row stops the import before anything is written, naming the line', async () => {
  const before = await everything();
  const jsonl = join(dir, 'customers.jsonl');
  await writeFile(jsonl, '{"name": "Dee"}\n{"name": "Eve"}\n{"name": "Fay",\n{"name": "Gus"}\n');
  const badJson = await cli(runImport, [jsonl]);
  assert.equal(badJson.code, 1);
  assert.match(badJson.err, new RegExp(`localhooks import: ${jsonl.replace(/[/.]/g, '\\$&')}:3: not JSON`));

  const arr = join(dir, 'people.json');
  await writeFile(arr, '[\n  {"name": "Hal"},\n  {"name": "Ida"},\n  {\n    "name": 7\n  }\n]\n');
  const schema = await cli(runImport, [arr, '--collection', 'customers']);
  assert.equal(schema.code, 1);
  assert.match(schema.err, /people\.json:4: Document does not match the JSON schema of collection "customers" at \/name: must be string \(nothing was imported\)/);

  const csv = join(dir, 'rows.csv');
  await writeFile(csv, 'name,city\nJo,Oslo\n"Kim, Jr.",Bergen\nLea,Oslo,extra\n');
  const badCsv = await cli(runImport, [csv]);
  assert.equal(badCsv.code, 1);
  assert.match(badCsv.err, /rows\.csv:4: 3 fields, but the header names 2/);
  assert.deepEqual(await everything(), before, 'nothing was written');
  assert.match((await cli(runImport, [join(dir, 'nothing-here')])).err, /no such file or folder/);
});

test('cli import: 100k CSV rows report progress and land, numbers typed', async () => {
  const rows = ['sku,name,price,stock'];
  for (let i = 0; i < 100_000; i++) rows.push(`SKU-${i},"Item ${i}, size ${i % 5}",${(i % 1000) / 10},${i % 97}`);
  const csv = join(dir, 'products.csv');
  await writeFile(csv, rows.join('\n') + '\n');
  const started = performance.now();
  const r = await cli(runImport, [csv]);
  const ms = performance.now() - started;
  assert.equal(r.code, 0, r.err);
  const progress = r.err.split('\n').filter((l) => /^products: [\d,]+\/100,000 \(\d+%\)$/.test(l));
  assert.equal(progress.length, 20, 'a progress line per batch of 5,000');
  assert.match(r.out, /products: 100,000 inserted/);
  assert.equal((await server.db.count('products')).count, 100_000);
  assert.deepEqual(await server.db.findOne('products', { sku: 'SKU-1234' }), { _id: (await server.db.findOne('products', { sku: 'SKU-1234' }))._id, sku: 'SKU-1234', name: 'Item 1234, size 4', price: 23.4, stock: 70 });
  // Time is measured in bench/data; printed here for the record only.
  console.log(`# 100k CSV rows imported in ${Math.round(ms)} ms`);
});

test('cli reset: asks unless --yes, and a script without --yes is refused', async () => {
  await server.db.insertOne('keepme', { a: 1 });
  const noTty = await cli(runReset, []);
  assert.equal(noTty.code, 1);
  assert.match(noTty.err, /add --yes/);
  const io = Object.assign(captureIo(), { isTTY: true });
  assert.equal(await runReset([...port()], io, async () => 'no'), 1);
  assert.equal((await server.db.count('keepme')).count, 1);
  assert.equal(await runReset([...port()], io, async () => 'yes'), 0, io.stderr);
  assert.equal((await server.db.count('keepme')).count, 0);
});

test('cli: the data commands are listed in --help, and each has usage with examples', async () => {
  const { COMMANDS } = await import('../../../runtime/cli/commands/index.js');
  const { main } = await import('../../../runtime/cli/main.js');
  const printed: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => void printed.push(a.join(' '));
  try {
    assert.equal(await main(['--help']), 0);
    for (const name of ['query', 'count', 'kv', 'export', 'import', 'reset', 'logs', 'snapshot', 'time']) {
      assert.match(printed[0]!, new RegExp(`\\n  ${name} +\\S`), `${name} in --help`);
      assert.equal(await main([name, '--help']), 0);
      assert.match(printed.at(-1)!, new RegExp(`^localhooks ${name}`));
      assert.ok(COMMANDS.some((c) => c.name === name));
    }
  } finally {
    console.log = log;
  }
});

test('cli logs: the last lines, then -f follows new ones until stopped', async () => {
  const tail = await cli(runLogs, ['-n', '3', '--json']);
  assert.equal(tail.code, 0, tail.err);
  assert.equal(tail.out.trim().split('\n').length, 3, tail.out);
  const io = captureIo();
  const stop = new AbortController();
  const following = runLogs(['-f', '-n', '0', ...port()], io, stop.signal);
  await waitFor(async () => {
    await fetch(`${server.url}/work/fails`, postJson({ n: 'follow' }));
    return /queue fails: item \S+ failed attempt 1\/3: the mail server said no/.test(io.stdout);
  }, { what: 'a new log line to be followed' });
  stop.abort();
  assert.equal(await following, 0);
  assert.match(io.stdout, /^\d\d:\d\d:\d\d\.\d{3} (info |warn ) /m);
});

// The official coho CLI (npm codehooks 1.0.13) unchanged against localhooks dev, with COHO_APIGW_URL pointing at
// it: query (count, limit, fields, delete, update, enqueue), import (JSON, CSV, --local), export (JSON, CSV),
// createindex/removeindex with --admintoken; and, with a login token in the CLI's config, count, get/set/del,
// collection and log.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { request } from 'node:http';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FIXTURES, REPO_ROOT, waitFor } from '../../helpers/app-server.js';
import { api } from '../../helpers/admin-api.js';
import { startDev, type DevProcess } from '../../helpers/dev-process.js';

const COHO = join(REPO_ROOT, 'node_modules', 'codehooks', 'dist', 'index.js');
const run = promisify(execFile);

let dev: DevProcess;
let root: string;
let project: string;

/** Runs `coho <args>` in a Codehooks project folder (config.json names the project and space). */
async function coho(args: string[], opts: { gateway?: boolean; login?: boolean } = {}): Promise<{ code: number; out: string; err: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_UPDATE_NOTIFIER: '1', XDG_CONFIG_HOME: join(root, opts.login ? 'logged-in' : 'logged-out') };
  if (opts.gateway !== false) env.COHO_APIGW_URL = dev.origin;
  else delete env.COHO_APIGW_URL;
  const withToken = opts.login ? args : [...args, '--admintoken', 'any-token'];
  try {
    const { stdout, stderr } = await run(process.execPath, [COHO, ...withToken], { cwd: project, env, timeout: 30_000 });
    return { code: 0, out: plain(stdout), err: plain(stderr) };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, out: plain(e.stdout ?? ''), err: plain(e.stderr ?? '') };
  }
}

/** The CLI colours its key-value output whatever the terminal. */
const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

/** A request with the Host header the coho CLI sends (fetch does not let a caller set Host). */
function raw(path: string, headers: Record<string, string>, method = 'GET', body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: dev.port, path, method, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(body);
  });
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'lh-coho-'));
  const app = join(root, 'app');
  await cp(join(FIXTURES, 'data-app'), app, { recursive: true });
  project = join(root, 'project');
  await mkdir(project);
  await writeFile(join(project, 'config.json'), JSON.stringify({ name: 'myproject', space: 'dev' }));
  // A stand-in for `coho login`: the CLI only decodes its token's expiry; localhooks does not check tokens.
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ email: 'dev@localhost', exp: Math.floor(Date.now() / 1000) + 3600 })}.x`;
  await mkdir(join(root, 'logged-in', 'codehooks-cli-nodejs'), { recursive: true });
  await writeFile(join(root, 'logged-in', 'codehooks-cli-nodejs', 'config.json'), JSON.stringify({ token }));
  dev = await startDev([app, '--data', join(root, 'data')]);
  await api(dev.origin, 'POST', '/collections/pets/docs', [
    { _id: 'p1', name: 'Polly', type: 'Parrot', age: 4 },
    { _id: 'p2', name: 'Rex', type: 'Dog', age: 9 },
    { _id: 'p3', name: 'Tom', type: 'Cat', age: 12 },
    { _id: 'p4', name: 'Poe', type: 'Raven', age: 2 },
  ]);
});
after(async () => {
  await dev?.stop();
  await rm(root, { recursive: true, force: true });
});

test('coho query: all, a query expression, --limit, --fields, --count', async () => {
  const all = await coho(['query', 'pets']);
  assert.equal(all.code, 0, all.err);
  assert.deepEqual(JSON.parse(all.out).map((p: { name: string }) => p.name), ['Polly', 'Rex', 'Tom', 'Poe']);
  const some = await coho(['query', 'pets', 'age>5', '--fields', 'name,age']);
  assert.deepEqual(JSON.parse(some.out), [{ _id: 'p2', name: 'Rex', age: 9 }, { _id: 'p3', name: 'Tom', age: 12 }]);
  const regex = await coho(['query', 'pets', 'name=/^po/']);
  assert.deepEqual(JSON.parse(regex.out).map((p: { name: string }) => p.name), ['Polly', 'Poe']);
  assert.equal(JSON.parse((await coho(['query', 'pets', '--limit', '2', '--offset', '1'])).out).length, 2);
  assert.deepEqual(JSON.parse((await coho(['query', 'pets', 'type=Dog', '--count'])).out), { count: 1 });
  const csv = await coho(['query', 'pets', 'type=Cat', '--csv']);
  assert.match(csv.out, /^_id,name,type,age\np3,Tom,Cat,12/);
});

test('coho query: --update patches, --enqueue queues every match for a worker, --delete deletes', async () => {
  assert.deepEqual(JSON.parse((await coho(['query', 'pets', 'age>5', '--update', '{"senior": true}'])).out), { count: 2 });
  assert.deepEqual((await api(dev.origin, 'GET', '/collections/pets/count?q=%7B%22senior%22%3Atrue%7D')).body.count, 2);
  const queued = JSON.parse((await coho(['query', 'pets', 'senior=true', '--enqueue', 'ok'])).out);
  assert.equal(queued.count, 2);
  assert.match(queued.jobId, /^[0-9a-f-]{36}$/);
  await waitFor(async () => (await api(dev.origin, 'GET', '/collections/worked/count')).body.count === 2, { what: 'the worker to run for both queued pets' });
  assert.deepEqual(JSON.parse((await coho(['query', 'pets', 'name=Poe', '--delete'])).out), { count: 1 });
  assert.equal((await api(dev.origin, 'GET', '/collections/pets/count')).body.count, 3);
  const bad = await coho(['query', 'pets', '--update', 'not json']);
  assert.notEqual(bad.code, 0, 'a bad patch is refused');
  assert.equal((await api(dev.origin, 'GET', '/collections/pets/count')).body.count, 3);
});

test('coho import (JSON, CSV, --local) and export (JSON, CSV) round trip', async () => {
  await writeFile(join(project, 'owners.json'), JSON.stringify([{ _id: 'o1', name: 'Ann', pets: ['p1'] }, { _id: 'o2', name: 'Bo', pets: [] }]));
  const json = await coho(['import', '--filepath', 'owners.json', '--collection', 'owners']);
  assert.equal(json.code, 0, json.err);
  assert.match(json.out, /Finished import 2 objects/);
  assert.equal((await coho(['import', '--filepath', 'owners.json', '--collection', 'owners'])).code, 0, 'a second import replaces by _id');
  assert.equal((await api(dev.origin, 'GET', '/collections/owners/count')).body.count, 2);

  await writeFile(join(project, 'visits.csv'), 'pet,date,cost\np1,2026-01-02,40.5\np2,2026-01-03,12\n');
  assert.match((await coho(['import', '--filepath', 'visits.csv', '--collection', 'visits'])).out, /Finished import of 2 objects/);
  const local = await coho(['import', '--filepath', 'visits.csv', '--collection', 'visits_local', '--local', String(dev.port)], { gateway: false });
  assert.equal(local.code, 0, local.err);
  assert.deepEqual(
    (await api(dev.origin, 'GET', '/collections/visits_local/docs?sort=pet&fields=pet,cost')).body.items.map(({ _id, ...d }: { _id: string }) => d),
    [{ pet: 'p1', cost: 40.5 }, { pet: 'p2', cost: 12 }],
  );

  const exported = await coho(['export', '--collection', 'owners']);
  assert.deepEqual(JSON.parse(exported.out), [{ _id: 'o1', name: 'Ann', pets: ['p1'] }, { _id: 'o2', name: 'Bo', pets: [] }]);
  const csv = await coho(['export', '--collection', 'visits', '--csv']);
  assert.match(csv.out, /^_id,pet,date,cost\n[0-9a-f]{24},p1,2026-01-02,40.5\n[0-9a-f]{24},p2,2026-01-03,12/);
});

test('coho createindex and removeindex', async () => {
  const created = await coho(['createindex', '--collection', 'pets', '--index', 'name', '--index', 'type']);
  assert.equal(created.code, 0, created.err);
  assert.match(created.out, /Finished creating index for 3 +objects/);
  assert.deepEqual((await api(dev.origin, 'GET', '/collections/pets/indexes')).body.indexes, ['name', 'type']);
  const removed = await coho(['removeindex', 'pets', 'type']);
  assert.match(removed.out, /Removed index for/);
  assert.deepEqual((await api(dev.origin, 'GET', '/collections/pets/indexes')).body.indexes, ['name']);
});

test('KV-12 coho set, get and del (with --ttl, --keyspace and glob keys), count, collection and log, with a login token', async () => {
  const login = { login: true };
  assert.match((await coho(['set', 'my-first-value', 'This is the first value'], login)).out, /key: 'my-first-value', value: 'This is the first value'/);
  await coho(['set', 'my-second-value', 'second', '--ttl', '60000'], login);
  await coho(['set', 'session-1', 'OK', '--keyspace', 'spacex'], login);
  assert.equal((await api(dev.origin, 'GET', '/kv/keys/my-second-value')).body.ttlMs > 50_000, true);
  assert.match((await coho(['get', 'my-first-value'], login)).out, /\{ key: 'my-first-value', value: 'This is the first value' \}/);
  const glob = await coho(['get', 'my-*', '--text'], login);
  assert.match(glob.out, /my-first-value This is the first value\nmy-second-value second\n\n 2 keys/);
  assert.match((await coho(['get', '*', '--keyspace', 'spacex', '--text'], login)).out, /session-1 OK/);
  assert.match((await coho(['del', 'my-first-value'], login)).out, /key: 'my-first-value'/);
  assert.equal((await api(dev.origin, 'GET', '/kv/keys/my-first-value')).status, 404);

  const count = await coho(['count', 'pets'], login);
  assert.match(count.out, /200 OK\n\S*3/);
  const colls = await coho(['collection', '--json'], login);
  assert.match(colls.out, /collection: 'pets'[\s\S]*indexes: \[ 'name' \]/);
  const log = await coho(['log', '--tail', '5'], login);
  assert.equal(log.code, 0, log.err);
  assert.match(log.out, /Project: myproject/);
  assert.match(log.out, /dev \S+ /, 'log lines in the CLI layout');
});

test('coho: cloud-only operations are refused naming why; a web page cannot reach the _A_D_M_ endpoints', async () => {
  const usage = await fetch(`${dev.url}/_A_D_M_usage`);
  assert.equal(usage.status, 404);
  assert.match(((await usage.json()) as { error: string }).error, /_A_D_M_usage is a Codehooks cloud operation that localhooks does not serve/);
  const cli = 'myproject.api.codehooks.local.io';
  assert.equal(await raw('/dev/_A_D_M_export/pets', { host: cli }), 200, 'the CLI Host name is served to a tool');
  assert.equal(await raw('/dev/_A_D_M_query/pets', { host: `localhost:${dev.port}`, origin: 'https://evil.example' }), 403);
  assert.equal(await raw('/dev/_A_D_M_export/pets', { host: cli, 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' }), 403, 'the CLI Host name with browser marks (DNS rebinding) is refused');
  assert.equal(await raw('/dev/_A_D_M_export/pets', { host: 'evil.example' }), 403, 'any other name is refused as for app routes');
  const form = await raw('/dev/_A_D_M_restore/pets', { host: `localhost:${dev.port}`, 'content-type': 'text/plain' }, 'POST', '[{"name":"x"}]');
  assert.equal(form, 403, 'a write without JSON or the client header (an HTML form) is refused');
  assert.equal((await api(dev.origin, 'GET', '/collections/pets/count')).body.count, 3);
});

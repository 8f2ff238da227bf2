import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import AjvModule from 'ajv';
import { interpolate, readCompose, REPO, type Yaml } from './docker-files.js';

const Ajv = AjvModule.default;
const require = createRequire(import.meta.url);
const FILE = 'docker-compose.scale.yml';
type Obj = { [k: string]: Yaml };

function validator() {
  const schema = JSON.parse(readFileSync(join(dirname(require.resolve('dclint/package.json')), 'schemas', 'compose.schema.json'), 'utf8')) as Record<string, unknown>;
  delete schema.$schema;
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}
const services = (env: Record<string, string> = {}) => (interpolate(readCompose(REPO, FILE), env) as Obj).services as Record<string, Obj>;

test('docker-compose.scale.yml: valid against the Compose specification schema, as written and interpolated', () => {
  const validate = validator();
  const raw = readCompose(REPO, FILE);
  for (const doc of [raw, interpolate(raw, {}), interpolate(raw, { PORT: '3000', POSTGRES_PASSWORD: 's3cret', USER_DIR: '../app' })]) {
    assert.ok(validate(doc), JSON.stringify(validate.errors, null, 2));
  }
  assert.deepEqual(Object.keys(services()), ['postgres', 'app', 'lb']);
});

test('compose scale: three replicas of `localhooks serve` on the one PostgreSQL service, started once it is healthy', () => {
  const { postgres, app } = services({ POSTGRES_PASSWORD: 's3cret' });
  assert.equal(Number((app!.deploy as Obj).replicas), 3);
  assert.equal(Number((services({ REPLICAS: '5' }).app!.deploy as Obj).replicas), 5);
  const env = app!.environment as Obj;
  assert.equal(env.LOCALHOOKS_COMMAND, 'serve');
  const pgEnv = postgres!.environment as Obj;
  const url = new URL(String(env.LOCALHOOKS_STORE));
  assert.equal(url.hostname, 'postgres');
  assert.equal(url.username, pgEnv.POSTGRES_USER);
  assert.equal(url.password, 's3cret');
  assert.equal(pgEnv.POSTGRES_PASSWORD, 's3cret');
  assert.equal(url.pathname, `/${String(pgEnv.POSTGRES_DB)}`);
  assert.deepEqual(app!.depends_on, { postgres: { condition: 'service_healthy' } });
  assert.ok(Array.isArray((postgres!.healthcheck as Obj).test));
  // The app is mounted read-only and the replicas publish no port: only the load balancer does.
  assert.deepEqual(app!.volumes, ['.:/userapp:ro']);
  assert.equal(app!.ports, undefined);
  assert.equal(app!.pull_policy, 'never');
  // Each replica runs the entrypoint's `serve` branch.
  assert.match(readFileSync(join(REPO, 'docker', 'entrypoint.mjs'), 'utf8'), /LOCALHOOKS_COMMAND === 'serve' \? 'serve' : 'dev'/);
});

test('compose scale: nginx balances over every replica, on loopback by default, and does not buffer event streams', () => {
  const doc = interpolate(readCompose(REPO, FILE), {}) as Obj;
  const lb = (doc.services as Record<string, Obj>).lb!;
  assert.deepEqual(lb.ports, ['127.0.0.1:8080:8080']);
  assert.deepEqual((services({ LOCALHOOKS_BIND: '0.0.0.0', PORT: '3000' }).lb!.ports as Yaml[])[0], '0.0.0.0:3000:8080');
  const conf = String(((doc.configs as Obj).nginx_conf as Obj).content);
  assert.match(conf, /server app:8080 resolve;/);
  assert.match(conf, /proxy_pass http:\/\/localhooks;/);
  assert.match(conf, /proxy_buffering off;/);
  // `$$host` in the file is Compose's escape: nginx receives `$host`.
  assert.match(conf, /proxy_set_header Host \$host;/);
  assert.deepEqual(lb.configs, [{ source: 'nginx_conf', target: '/etc/nginx/conf.d/default.conf' }]);
});

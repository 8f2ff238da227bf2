import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import AjvModule from 'ajv';
import { healthcheckCommand, interpolate, readCompose, readDockerfile, stageEnv, stepsOf, type Yaml } from './docker-files.js';

const Ajv = AjvModule.default;
const require = createRequire(import.meta.url);

/** The Compose specification's JSON schema (compose-spec/compose-spec, schema/compose-spec.json) as dclint ships it. */
const SCHEMA_PATH = join(dirname(require.resolve('dclint/package.json')), 'schemas', 'compose.schema.json');
const SERVICE = 'coderunner-service';
const CONTAINER_PORT = '8080';

function composeValidator() {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  assert.equal(schema.title, 'Compose Specification');
  // Its $schema is "https://json-schema.org/draft-07/schema" without the '#', an id Ajv does not know; Ajv's
  // default dialect is draft-07 already. strict off: the spec carries annotations such as `deprecated`.
  delete schema.$schema;
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}

type Obj = { [k: string]: Yaml };
const obj = (v: Yaml | undefined, what: string): Obj => {
  assert.ok(v && typeof v === 'object' && !Array.isArray(v), `${what} must be a mapping`);
  return v as Obj;
};
const list = (v: Yaml | undefined, what: string): Yaml[] => {
  assert.ok(Array.isArray(v), `${what} must be a list`);
  return v;
};

/** The coderunner service after Compose's interpolation with the given environment (.env or shell). */
function service(env: Record<string, string | undefined> = {}): Obj {
  const doc = obj(interpolate(readCompose(), env), 'the compose file');
  return obj(obj(doc.services, 'services')[SERVICE], SERVICE);
}

test('LOCAL-03 docker-compose.yml: valid against the Compose specification schema, as written and interpolated', () => {
  const validate = composeValidator();
  const raw = readCompose();
  for (const [what, doc] of [
    ['as written', raw],
    ['interpolated with defaults', interpolate(raw, {})],
    ['interpolated with a .env', interpolate(raw, { PORT: '3000', USER_DIR: '../my-app', LOCALHOOKS_BIND: '0.0.0.0' })],
  ] as const) {
    assert.ok(validate(doc), `${what}: ${JSON.stringify(validate.errors, null, 2)}`);
  }
  // The validator is live: a misspelt service key and a wrong type are refused.
  const broken = structuredClone(raw) as Obj;
  const svc = obj(obj(broken.services, 'services')[SERVICE], SERVICE);
  svc.restrat = 'always';
  svc.ports = 8080;
  assert.equal(validate(broken), false);
  assert.ok(validate.errors?.some((e) => e.keyword === 'additionalProperties' && e.params.additionalProperty === 'restrat'));
  assert.ok(validate.errors?.some((e) => e.instancePath.endsWith('/ports')));
});

test('LOCAL-02/LOCAL-03 compose: one service, coderunner-service (the `logs` script follows it), from the local localhooks image', () => {
  const doc = obj(readCompose(), 'the compose file');
  assert.deepEqual(Object.keys(obj(doc.services, 'services')), [SERVICE]);
  const svc = service();
  assert.equal(svc.image, 'localhooks');
  assert.equal(service({ LOCALHOOKS_IMAGE: 'localhooks:0.1.0' }).image, 'localhooks:0.1.0');
  // Built with `docker build -t localhooks`: a pull would look for someone else's image of that name.
  assert.equal(svc.pull_policy, 'never');
  assert.equal(svc.build, undefined);
  assert.equal(doc.version, undefined, 'the version field is obsolete and makes Compose warn');
});

test('LOCAL-04/ENV-04 compose: publishes container port 8080 on ${PORT:-8080} (the .env PORT is the host side only), on loopback unless LOCALHOOKS_BIND says otherwise; DBSECRET unused', () => {
  const port = (env: Record<string, string>) => {
    const ports = list(service(env).ports, 'ports');
    assert.equal(ports.length, 1);
    assert.equal(typeof ports[0], 'string', 'short syntax, quoted so YAML never reads it as a number');
    return ports[0];
  };
  assert.equal(port({}), `127.0.0.1:8080:${CONTAINER_PORT}`);
  assert.equal(port({ PORT: '' }), `127.0.0.1:8080:${CONTAINER_PORT}`);
  assert.equal(port({ PORT: '3000' }), `127.0.0.1:3000:${CONTAINER_PORT}`);
  assert.equal(port({ PORT: '3000', LOCALHOOKS_BIND: '0.0.0.0' }), `0.0.0.0:3000:${CONTAINER_PORT}`);
  // The container side is where the image listens.
  const final = readDockerfile().at(-1)!;
  assert.ok(stepsOf(final, 'EXPOSE').some((s) => s.args.includes(CONTAINER_PORT)));
  assert.equal(stageEnv(final).LOCALHOOKS_PORT, CONTAINER_PORT);
  assert.ok(!JSON.stringify(readCompose()).includes('DBSECRET'), 'no DB secret is read');
});

test('LOCAL-05 compose: mounts ${USER_DIR:-.} read-write at /userapp (localhooks writes .localhooks/build there)', () => {
  const volumes = (env: Record<string, string>) => list(service(env).volumes, 'volumes').map(String);
  assert.ok(volumes({}).includes('.:/userapp'), volumes({}).join(', '));
  assert.ok(volumes({ USER_DIR: '../my-app' }).includes('../my-app:/userapp'));
  assert.ok(!volumes({}).some((v) => v.startsWith('.:/userapp:') && /\bro\b/.test(v)), 'a read-only mount breaks the build');
});

test('LOCAL-07 compose: /data is a named volume declared at top level, so `docker compose down --volumes` resets it', () => {
  const doc = obj(readCompose(), 'the compose file');
  const mount = list(service().volumes, 'volumes')
    .map(String)
    .find((v) => v.endsWith(':/data'));
  assert.ok(mount, 'a volume at /data');
  const name = mount.slice(0, -':/data'.length);
  assert.match(name, /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'a named volume, not a host folder');
  const declared = obj(doc.volumes, 'volumes');
  assert.ok(name in declared, `${name} declared under volumes:`);
  // An external volume outlives `down --volumes`.
  const opts = declared[name];
  assert.ok(opts === null || (typeof opts === 'object' && !Array.isArray(opts) && opts.external !== true));
});

test('LOCAL-06 compose: the app .env is an optional env_file (Compose 2.24 long syntax), PORT not forced into the container', () => {
  const svc = service();
  assert.deepEqual(svc.env_file, [{ path: '.env', required: false }]);
  // The entrypoint pins the container port with LOCALHOOKS_PORT; setting PORT here would shadow the .env's PORT.
  assert.equal(svc.environment, undefined);
});

test('LOCAL-11 compose: restart on-failure and the image healthcheck, so `docker compose ps` reports health', () => {
  const svc = service();
  assert.equal(svc.restart, 'on-failure');
  assert.equal(svc.init, true);
  const hc = obj(svc.healthcheck, 'healthcheck');
  const testCmd = list(hc.test, 'healthcheck.test').map(String);
  assert.equal(testCmd[0], 'CMD');
  const final = readDockerfile().at(-1)!;
  const [imageCheck] = stepsOf(final, 'HEALTHCHECK');
  assert.ok(imageCheck);
  assert.deepEqual(testCmd.slice(1), healthcheckCommand(imageCheck), 'the same check as the image');
  assert.match(testCmd.join(' '), /\/\.localhooks\/api\/health/);
  for (const key of ['interval', 'timeout', 'start_period']) assert.match(String(hc[key]), /^\d+(ms|s|m)$/, key);
  assert.equal(typeof hc.retries, 'number');
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFixture, type TestApp } from '../../helpers/app-server.js';

type Doc = Record<string, any>;
const KEY = 'k-oapi';
let app: TestApp;
let spec: Doc;
before(async () => {
  app = await startFixture('openapi-app', { apiKeys: [KEY] });
  // The SDK's own auth hook makes the spec public (AUTH-07).
  const r = await app.json<Doc>('/openapi.json');
  assert.equal(r.status, 200);
  spec = r.body;
});
after(() => app?.close());

test('OAPI-02 the generated document: 3.0.3, info merged over the defaults, API key by default, extra schemes, tags, externalDocs', () => {
  assert.equal(spec.openapi, '3.0.3');
  assert.deepEqual(spec.info, { title: 'Shop API', version: '1.0.0' });
  assert.ok(Array.isArray(spec.servers));
  assert.deepEqual(spec.security, [{ apiKey: [] }]);
  assert.deepEqual(Object.keys(spec.components.securitySchemes), ['apiKey', 'bearerAuth', 'partnerKey']);
  assert.equal(spec.components.securitySchemes.apiKey.name, 'x-apikey');
  assert.equal(spec.components.securitySchemes.bearerAuth.bearerFormat, 'JWT');
  assert.deepEqual(spec.tags, [{ name: 'shop' }]);
  assert.deepEqual(spec.externalDocs, { url: 'https://example.com/docs' });
});

test('OAPI-03/OAPI-07 paths: regex, doc and generic crudlify routes left out, :id → {id}, * as get, default summary and tags; filter hides', () => {
  assert.deepEqual(Object.keys(spec.paths).sort(), ['/anything', '/api/items', '/api/items/_byquery', '/api/items/{ID}', '/health', '/orders/{orderId}', '/plain/{id}', '/status']);
  assert.deepEqual(spec.paths['/plain/{id}'].get.summary, 'GET /plain/:id');
  assert.deepEqual(spec.paths['/plain/{id}'].get.tags, ['default']);
  assert.deepEqual(Object.keys(spec.paths['/plain/{id}'].get.responses), ['200']);
  assert.deepEqual(Object.keys(spec.paths['/anything']), ['get']);
});

test('OAPI-04 openapi() middleware and the param/query/body/response helpers document a route that still runs', async () => {
  const op = spec.paths['/orders/{orderId}'].post;
  assert.equal(op.summary, 'Place an order');
  assert.deepEqual(op.tags, ['shop']);
  assert.deepEqual(op.parameters, [
    { name: 'orderId', in: 'path', required: true, schema: { type: 'string' }, description: 'Order number' },
    { name: 'dryRun', in: 'query', required: false, schema: { type: 'string' } },
  ]);
  assert.equal(op.requestBody.description, 'The item');
  assert.deepEqual(op.requestBody.content['application/json'].schema.required, ['name']);
  assert.equal(op.responses['201'].description, 'Created');
  const r = await app.json('/orders/7', { method: 'POST', headers: { 'content-type': 'application/json', 'x-apikey': KEY }, body: '{"name":"pen"}' });
  assert.equal(r.status, 201);
  assert.deepEqual(r.body, { name: 'pen', orderId: '7' });
});

test('OAPI-06 crudlify docs: eight operations per collection, list parameters with limit 100, the schema named after the collection', () => {
  const ops = ['/api/items', '/api/items/_byquery', '/api/items/{ID}'].flatMap((p) => Object.keys(spec.paths[p]).map((m) => `${m} ${p}`));
  assert.equal(ops.length, 8);
  const list = spec.paths['/api/items'].get;
  assert.deepEqual(list.parameters.map((p: Doc) => p.name), ['q', 'h', 'limit', 'offset', 'sort']);
  assert.equal(list.parameters.find((p: Doc) => p.name === 'limit').schema.default, 100);
  assert.deepEqual(Object.keys(spec.components.schemas), ['Items']);
  assert.deepEqual(spec.components.schemas.Items.required, ['name']);
});

test('OAPI-09 security: [] only changes the document; the route opens only with an auth hook', async () => {
  assert.deepEqual(spec.paths['/status'].get.security, []);
  assert.deepEqual(spec.paths['/health'].get.security, []);
  assert.equal((await app.fetch('/status')).status, 401);
  assert.equal((await app.fetch('/health')).status, 200);
});

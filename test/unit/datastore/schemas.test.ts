import assert from 'node:assert/strict';
import { dsTest } from '../../helpers/datastore-backends.js';

type Doc = Record<string, any>;

const PERSON = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    firstName: { type: 'string' },
    age: { type: 'integer', minimum: 0 },
    email: { type: 'string', format: 'email' },
    seen: { type: 'string', format: 'date-time' },
  },
  required: ['firstName', 'email'],
  additionalProperties: false,
};

function schemaErrorOf(err: any): any[] {
  assert.equal(err.code, 'LH_DB_SCHEMA');
  assert.equal(err.status, 400);
  assert.ok(Array.isArray(err.schemaError));
  return err.schemaError;
}

dsTest('DB-04 insert: a schema failure rejects with schemaError = ajv errors, nothing stored', async ({ conn }) => {
  await conn.setSchema('person', PERSON);
  await assert.rejects(conn.insertOne('person', { email: 'a@b.co' }), (err: any) => {
    const [first] = schemaErrorOf(err);
    assert.deepEqual(
      { instancePath: first.instancePath, schemaPath: first.schemaPath, keyword: first.keyword, params: first.params },
      { instancePath: '', schemaPath: '#/required', keyword: 'required', params: { missingProperty: 'firstName' } },
    );
    assert.equal(first.message, "must have required property 'firstName'");
    assert.deepEqual(JSON.parse(JSON.stringify(err)).schemaError, err.schemaError, 'res.json(error) carries schemaError');
    return true;
  });
  await assert.rejects(conn.insertOne('person', { firstName: 'A', email: 'not-an-email' }), (err: any) => schemaErrorOf(err)[0].keyword === 'format');
  await assert.rejects(conn.insertOne('person', { firstName: 'A', email: 'a@b.co', seen: 'yesterday' }), (err: any) => schemaErrorOf(err)[0].params.format === 'date-time');
  await assert.rejects(conn.insertOne('person', [{ firstName: 'A', email: 'a@b.co' }, { firstName: 'B' }]), { code: 'LH_DB_SCHEMA' });
  assert.deepEqual(await conn.count('person'), { count: 0 }, 'an array insert is all or nothing');
  const ok = (await conn.insertOne('person', { firstName: 'A', email: 'a@b.co', seen: new Date('2026-01-01') })) as Doc;
  assert.equal(ok.firstName, 'A', '_id is not checked against additionalProperties: false');
});

dsTest('DB-04 update and replace validate the resulting document (one and many)', async ({ conn }) => {
  await conn.createSchema('person', PERSON);
  const d = (await conn.insertOne('person', { firstName: 'A', email: 'a@b.co', age: 3 })) as Doc;
  await conn.insertOne('person', { firstName: 'B', email: 'b@b.co', age: 4 });
  await assert.rejects(conn.updateOne('person', d._id, { $set: { age: -1 } }), (err: any) => schemaErrorOf(err)[0].instancePath === '/age');
  await assert.rejects(conn.updateOne('person', d._id, { $unset: { email: 1 } }), { code: 'LH_DB_SCHEMA' });
  await assert.rejects(conn.replaceOne('person', d._id, { firstName: 'A' }), { code: 'LH_DB_SCHEMA' });
  await assert.rejects(conn.updateMany('person', {}, { $inc: { age: -4 } }), { code: 'LH_DB_SCHEMA' });
  await assert.rejects(conn.replaceMany('person', {}, { nope: 1 }), { code: 'LH_DB_SCHEMA' });
  await assert.rejects(conn.updateOne('person', { firstName: 'Z' }, { $set: { age: 1 } }, { upsert: true }), { code: 'LH_DB_SCHEMA' });
  const ages = ((await conn.getMany('person', {}).toArray()) as Doc[]).map((p) => p.age);
  assert.deepEqual(ages, [3, 4], 'nothing changed by the failed updates');
  assert.equal(((await conn.updateOne('person', d._id, { $inc: { age: 1 } })) as Doc).age, 4);
});

dsTest('DB-24 getSchema / removeSchema; invalid schemas are refused (LH_DB_INVALID_SCHEMA)', async ({ conn }) => {
  assert.equal(await conn.getSchema('person'), null);
  assert.deepEqual(await conn.setSchema('person', PERSON), { collection: 'person', schema: PERSON });
  assert.deepEqual(await conn.getSchema('person'), PERSON);
  assert.deepEqual(await conn.removeSchema('person'), { collection: 'person', removed: true });
  assert.equal(await conn.getSchema('person'), null);
  await conn.insertOne('person', { anything: true });
  await assert.rejects(conn.setSchema('person', { type: 'nonsense' }), { code: 'LH_DB_INVALID_SCHEMA', status: 400 });
  await assert.rejects(conn.setSchema('person', 'string'), { code: 'LH_DB_INVALID_SCHEMA' });
  assert.equal(await conn.getSchema('person'), null);
});

dsTest('DB-25 createCollection with a schema option validates like setSchema', async ({ conn }) => {
  assert.deepEqual(await conn.createCollection('iot', { schema: { type: 'object', required: ['deviceId'] } }), { collection: 'iot', created: true });
  await assert.rejects(conn.insertOne('iot', { temp: 1 }), { code: 'LH_DB_SCHEMA' });
  assert.deepEqual(await conn.createCollection('iot'), { collection: 'iot', created: false }, 'calling it again on every boot is fine');
});

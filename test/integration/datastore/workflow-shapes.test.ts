import assert from 'node:assert/strict';
import { cloningBackend, dsTest } from '../../helpers/datastore-backends.js';
import { createConn } from '../../../sdk/conn.js';

type Doc = Record<string, any>;

class StepError extends Error {
  code = 'E_STEP';
  constructor(message: string) {
    super(message);
    this.name = 'StepError';
  }
}

/** The exact calls workflow/engine.mjs (codehooks-js 1.4.3) makes, over a structured-clone hop like the runner's. */
dsTest('CONTRACT-20…22/WF-24 workflow engine call shapes work end to end; the inspection queries find finished and failed instances', async ({ ds }) => {
  const connection = createConn(cloningBackend(ds));
  const coll = 'workflowdata';

  // start(): insertOne(coll, {...initialState, nextStep, createdAt, workflowName, stepCount: {}})
  const initialState = { prompt: 'hello', nested: { a: [1, 2] } };
  const newState = (await connection.insertOne(coll, {
    ...initialState,
    nextStep: 'begin',
    createdAt: new Date().toISOString(),
    workflowName: 'summarize',
    stepCount: {},
  })) as Doc;
  assert.match(newState._id, /^[0-9a-f]{24}$/);
  const instanceId = newState._id;

  // handleNextStep(): delete _id, bump visits, updateOne with $set of the whole state incl. nested objects.
  const state: Doc = { ...newState };
  delete state._id;
  state.stepCount.begin = { visits: 0, startTime: new Date().toISOString(), totalTime: 0 };
  state.stepCount.begin.visits += 1;
  const updated = (await connection.updateOne(coll, { _id: instanceId }, {
    $set: { ...state, nextStep: 'begin', updatedAt: new Date().toISOString(), stepCount: state.stepCount },
  })) as Doc;
  assert.equal(updated._id, instanceId, 'CONTRACT-21: resolves the full post-update document');
  assert.equal(updated.createdAt, newState.createdAt);
  assert.equal(updated.stepCount.begin.visits, 1);

  // wait(state): $set with undefined values (DB-29) — existing fields stay, undefined ones are not stored.
  await connection.updateOne(coll, { _id: instanceId }, { $set: { summary: undefined, extra: 'x', updatedAt: new Date().toISOString() } });

  // parallel bookkeeping: $set of parallelSteps metadata, then fresh read + $set {...fresh}.
  await connection.updateOne(coll, { _id: instanceId }, { $set: { parallelSteps: { a: { done: false, startTime: 't', previousStep: 'begin' } } } });
  const fresh = (await connection.findOne(coll, { _id: instanceId })) as Doc;
  fresh.parallelSteps.a.done = true;
  delete fresh._id;
  const joined = (await connection.updateOne(coll, { _id: instanceId }, { $set: { ...fresh, parallelSteps: fresh.parallelSteps } })) as Doc;
  assert.equal(joined.parallelSteps.a.done, true);

  // step failure: $set lastError (a raw Error subclass) → stored as {name, message, stack, ...} (CONTRACT-29).
  await connection.updateOne(coll, { _id: instanceId }, { $set: { lastError: new StepError('step exploded'), updatedAt: new Date().toISOString() } });
  const failed = (await connection.findOne(coll, { _id: instanceId })) as Doc;
  assert.equal(failed.lastError.name, 'StepError');
  assert.equal(failed.lastError.message, 'step exploded');
  assert.equal(failed.lastError.code, 'E_STEP');
  assert.match(failed.lastError.stack, /step exploded/);
  assert.equal('summary' in failed, false);
  assert.equal(failed.extra, 'x');
  assert.deepEqual(failed.nested, { a: [1, 2] });

  // WF-24 inspection queries.
  assert.equal(((await connection.getMany(coll, { lastError: { $exists: true } }).toArray()) as Doc[]).length, 1);

  // CONTRACT-22: every read form the engine uses.
  await connection.insertOne(coll, { nextStep: null, workflowName: 'summarize', createdAt: new Date().toISOString(), stepCount: {} });
  const active1 = (await connection.collection(coll).find({ nextStep: { $ne: null } }).toArray()) as Doc[];
  const active2 = (await connection.getMany(coll, { nextStep: { $ne: null } }).toArray()) as Doc[];
  const all = (await connection.find(coll, {}).toArray()) as Doc[];
  assert.deepEqual(active1.map((d) => d._id), [instanceId]);
  assert.deepEqual(active2.map((d) => d._id), [instanceId]);
  assert.equal(all.length, 2);
  assert.equal(((await connection.find(coll, { workflowName: 'summarize', nextStep: null }).toArray()) as Doc[]).length, 1);

  // setState(): replaceOne(coll, {_id}, {...state}) keeps _id; completion $set nextStep null.
  await connection.replaceOne(coll, { _id: instanceId }, { ...failed, replaced: true });
  const done = (await connection.updateOne(coll, { _id: instanceId }, { $set: { nextStep: null, totalTime: 1234 } })) as Doc;
  assert.deepEqual([done._id, done.replaced, done.nextStep, done.totalTime], [instanceId, true, null, 1234]);

  // getWorkflowStatus on an unknown id: findOne rejects (the engine tolerates null only via findOneOrNull-like code).
  await assert.rejects(connection.findOne(coll, { _id: 'nope' }), { code: 'LH_DB_NOT_FOUND' });
  // cancelSteps / updateState on a missing id resolve null instead of rejecting (AMB 19).
  assert.equal(await connection.updateOne(coll, { _id: 'nope' }, { $set: { status: 'cancelled' } }), null);
});

dsTest('QL-13/AMB 22 RegExp and Date query values survive the structured-clone hop and match as such; Dates are stored as ISO strings', async ({ ds }) => {
  const conn = createConn(cloningBackend(ds));
  await conn.insertOne('c', { name: 'Joey', at: new Date('2026-03-01T00:00:00Z') });
  await conn.insertOne('c', { name: 'Ann', at: new Date('2025-03-01T00:00:00Z') });
  const rows = (await conn.getMany('c', { name: /^jo/i, at: { $gt: new Date('2026-01-01') } }).toArray()) as Doc[];
  assert.deepEqual(rows.map((r) => r.name), ['Joey']);
  const viaIn = (await conn.getMany('c', { name: { $in: [/^A/] } }).toArray()) as Doc[];
  assert.deepEqual(viaIn.map((r) => r.name), ['Ann']);
  assert.equal(rows[0]!.at, '2026-03-01T00:00:00.000Z');
  const viaDate = (await conn.getMany('c', { at: { $lt: { $date: '2026-01-01T00:00:00Z' } } }).toArray()) as Doc[];
  assert.deepEqual(viaDate.map((r) => r.name), ['Ann']);
});

// templates/queue-cron scaffolded with `localhooks create`, served in-process, exercised over HTTP.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { postJson, waitFor, type TestApp } from '../../helpers/app-server.js';
import { origin, scaffold, type Scaffold } from './scaffold.js';

let s: Scaffold;
let app: TestApp;
before(async () => {
  s = await scaffold('queue-cron');
  app = await s.serve();
});
after(() => s?.remove());

const list = async <T>(path: string) => (await app.json<T[]>(path)).body;

test('Q-01/03 template queue-cron: POST /emails enqueues; the send-email worker stores the mail', async () => {
  const res = await app.json<{ queued: boolean; job: unknown }>('/emails', postJson({ to: 'bo@example.com', subject: 'Hi' }));
  assert.equal(res.status, 202);
  assert.ok(res.body.job, 'enqueue resolves non-null');
  const sent = await waitFor(async () => (await list<{ to: string; subject: string }>('/emails/sent')).find((m) => m.to === 'bo@example.com'), { what: 'worker' });
  assert.equal(sent!.subject, 'Hi');
  assert.equal((await app.json('/emails', postJson({ subject: 'nobody' }))).status, 400);
});

test('JOB-01/03 template queue-cron: POST /.localhooks/api/jobs/1/run runs the hourly digest job', async () => {
  await waitFor(async () => (await list('/emails/sent')).length >= 1, { what: 'outbox' });
  const run = await fetch(`${origin(app)}/.localhooks/api/jobs/1/run`, { method: 'POST', headers: { 'x-localhooks-client': 'test' } });
  assert.equal(run.status, 200, await run.clone().text());
  const digest = await waitFor(async () => (await list<{ sent: number; recipients: string[] }>('/digests'))[0], { what: 'digest' });
  assert.ok(digest!.sent >= 1);
  assert.ok(digest!.recipients.includes('bo@example.com'));
});

test('JOB-05 template queue-cron: schedule.runAt fires the reminder worker at its time', async () => {
  const res = await app.json<{ due: string }>('/reminders', postJson({ message: 'tea', inSeconds: 0.5 }));
  assert.equal(res.status, 202);
  const fired = await waitFor(async () => (await list<{ message: string; due: string; firedAt: string }>('/reminders')).find((r) => r.message === 'tea'), {
    what: 'reminder',
  });
  assert.equal(fired!.due, res.body.due);
  assert.ok(Date.parse(fired!.firedAt) >= Date.parse(res.body.due), `fired ${fired!.firedAt} before ${res.body.due}`);
});

test('template queue-cron: its own npm test passes in the scaffold', async () => {
  const r = await s.ownTests();
  assert.equal(r.code, 0, r.out);
  // TAP on Node 20, the spec reporter on Node 22 and later.
  assert.match(r.out, /^(# |ℹ )fail 0$/m);
});

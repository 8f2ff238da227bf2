import { test } from 'node:test';
import assert from 'node:assert/strict';
import { postJson, startFixture, waitFor } from '../../helpers/app-server.js';

test('isolation: a queue worker that blocks its thread gets the runner replaced; the item is retried, routes keep working', async () => {
  const app = await startFixture('queue-app');
  try {
    const gen = app.lh.host.generation;
    assert.equal((await app.json('/jobs?topic=spin', postJson({ n: 0 }))).status, 202);
    await waitFor(() => app.lh.host.generation > gen, { timeout: 10_000, what: 'the blocked runner to be replaced' });
    assert.match(app.logs.text(), /not responding/);
    const done = async () => (await app.json<string[]>('/done')).body ?? [];
    await waitFor(async () => (await done()).includes('done-spin'), { timeout: 10_000, what: 'the retried item to complete' });
    assert.equal((await app.json('/jobs', postJson({ n: 1 }))).status, 201);
    await waitFor(async () => (await done()).includes('done-1'), { timeout: 10_000, what: 'a normal job after the replacement' });
  } finally {
    await app.close();
  }
});

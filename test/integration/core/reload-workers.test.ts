import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FakeClock } from '../../../runtime/clock.js';
import { postJson, startFixture, waitFor, type TestApp } from '../../helpers/app-server.js';

let app: TestApp;
const clock = new FakeClock(Date.UTC(2026, 0, 1, 12, 0, 0));
before(async () => {
  app = await startFixture('cron-app', { watch: true, clock });
});
after(() => app?.close());

type State = { gen1: string | null; gen2: string | null; work1: string | null; work2: string | null };
const state = async () => (await app.json<State>('/state')).body;

test('JOB-04 reload: cron jobs and queue workers of the old generation stop before the new one starts', async () => {
  await clock.advance(1000);
  await waitFor(async () => (await state()).gen1 === '1', { what: 'first tick of generation 1' });
  await app.json('/enqueue', postJson({ n: 1 }));
  await waitFor(async () => (await state()).work1 === 'gen1', { what: 'worker of generation 1' });

  const source = await readFile(join(app.dir, 'index.js'), 'utf8');
  const reloaded = once(app.lh.events, 'reloaded');
  await app.write('index.js', source.replace("const GEN = 'gen1';", "const GEN = 'gen2';"));
  await reloaded;

  await clock.advance(1000);
  await waitFor(async () => (await state()).gen2 === '1', { what: 'first tick of generation 2' });
  await clock.advance(1000);
  await waitFor(async () => (await state()).gen2 === '2', { what: 'second tick of generation 2' });
  await app.json('/enqueue', postJson({ n: 2 }));
  await waitFor(async () => (await state()).work2 === 'gen2', { what: 'worker of generation 2' });
  assert.equal((await state()).gen1, '1', 'the old generation’s job must not run after the reload');
});

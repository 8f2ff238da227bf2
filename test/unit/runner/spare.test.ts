import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppCompiler, sdkDependencies } from '../../../runtime/compiler/index.js';
import { RunnerHost } from '../../../runtime/runner/host.js';
import { createMemoryLogger } from '../../../runtime/logger.js';
import type { ConnBackend } from '../../../sdk/contract/calls.js';
import { FIXTURES, waitFor } from '../../helpers/app-server.js';

const backend: ConnBackend = {
  call: () => Promise.reject(new Error('no datastore in this test')),
  iterate: () => ({ [Symbol.asyncIterator]: () => ({ next: () => Promise.resolve({ done: true as const, value: undefined }) }) }),
};

test('runner host: an idle server holds one generation; a change boots a spare, which is let go once idle', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'lh-spare-'));
  await cp(join(FIXTURES, 'hello-app'), dir, { recursive: true });
  const compiler = new AppCompiler(dir, join(dir, '.localhooks', 'build'));
  const host = new RunnerHost({
    backend,
    logger: createMemoryLogger('warn'),
    warmSpare: true,
    spareIdleMs: 50,
    env: () => ({}),
    init: () => ({ preload: [...sdkDependencies(), ...compiler.preloads()], appDir: dir, blobDir: join(dir, 'blobs'), gatewayOrigin: 'http://127.0.0.1:1', openaiBase: null, debugLogs: false }),
  });
  t.after(async () => {
    await host.close();
    await compiler.dispose();
    await rm(dir, { recursive: true, force: true });
  });
  const first = await compiler.build();
  assert.ok(first.ok);
  host.prewarm(); // at start: the first generation's thread boots beside the build
  await host.deploy(first.bundlePath);
  assert.equal(host.generation, 1);
  assert.equal(host.hasSpare, false, 'no second thread after the first deploy');

  host.prewarm(); // a file changed
  assert.equal(host.hasSpare, true);
  await host.deploy(first.bundlePath);
  assert.equal(host.generation, 2);
  assert.equal(host.hasSpare, true, 'after a reload a spare waits for the next one');
  await waitFor(() => !host.hasSpare, { what: 'the idle spare to be let go' });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openStore } from '../../../runtime/storage/index.js';
import { createConn, createDatastore } from '../../../runtime/datastore/index.js';

/** Ids the child must have printed before it is killed: enough to be well inside the write loop. */
const KILL_AFTER = 300;

const distRuntime = new URL('../../../runtime/', import.meta.url);

function childScript(dataDir: string): string {
  const storage = pathToFileURL(join(distRuntime.pathname, 'storage/index.js')).href;
  const datastore = pathToFileURL(join(distRuntime.pathname, 'datastore/index.js')).href;
  return `
import { openStore } from ${JSON.stringify(storage)};
import { createDatastore, createConn } from ${JSON.stringify(datastore)};
const store = await openStore({ backend: 'level', path: ${JSON.stringify(dataDir)} });
const conn = createConn(await createDatastore({ store }));
await conn.createIndex('crash', ['i']);
await conn.set('counter', 0);
for (let i = 0; ; i++) {
  const doc = await conn.insertOne('crash', { i, pad: 'x'.repeat(200) });
  await conn.incr('counter', 1);
  process.stdout.write(doc._id + ' ' + i + '\\n');
}
`;
}

test('durability: every _id printed after insertOne resolved is present after SIGKILL', { timeout: 120_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lh-crash-'));
  try {
    const dataDir = join(dir, 'db');
    const script = join(dir, 'child.mjs');
    await writeFile(script, childScript(dataDir));
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const printed: [string, number][] = [];
    let partial = '';
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    child.stdout.on('data', (b: Buffer) => {
      const lines = (partial + b.toString()).split('\n');
      partial = lines.pop()!; // an incomplete last line was cut by the kill: not a confirmed insert
      for (const line of lines) {
        const [id, i] = line.split(' ');
        printed.push([id!, Number(i)]);
      }
      if (printed.length >= KILL_AFTER && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    const signal = await exited;
    assert.equal(signal, 'SIGKILL', `child ended on its own: ${stderr}`);
    assert.ok(printed.length >= KILL_AFTER);

    const store = await openStore({ backend: 'level', path: dataDir });
    const ds = await createDatastore({ store });
    try {
      const conn = createConn(ds);
      const missing = [];
      for (const [id] of printed) if ((await conn.findOneOrNull('crash', id)) === null) missing.push(id);
      assert.deepEqual(missing, [], 'every acknowledged insert survived');
      const last = printed[printed.length - 1]!;
      const viaIndex = (await conn.getMany('crash', { i: last[1] }).toArray()) as { _id: string }[];
      assert.deepEqual(viaIndex.map((d) => d._id), [last[0]], 'the index entry was written with the document');
      assert.ok(Number(await conn.get('counter')) >= printed.length, 'acknowledged incr survived');
    } finally {
      await ds.close();
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

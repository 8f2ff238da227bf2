// localhooks dev --import, --export-on-exit and --clock; the moved clock survives a reload, a restart starts from
// real time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MovableClock } from '../../../runtime/movable-clock.js';
import { FIXTURES, startDir } from '../../helpers/app-server.js';
import { api } from '../../helpers/admin-api.js';
import { startDev, type DevProcess } from '../../helpers/dev-process.js';

const HOUR = 3_600_000;

/** Starts `localhooks dev` and remembers it, so that a failed assertion still stops every server. */
function devs() {
  const started: DevProcess[] = [];
  return {
    start: async (args: string[]) => {
      const d = await startDev(args);
      started.push(d);
      return d;
    },
    stopAll: () => Promise.all(started.map((d) => d.stop())),
  };
}

async function tempApp(): Promise<{ root: string; app: string }> {
  const root = await mkdtemp(join(tmpdir(), 'lh-devflags-'));
  const app = join(root, 'app');
  await cp(join(FIXTURES, 'data-app'), app, { recursive: true });
  return { root, app };
}

test('dev --import loads a folder once the server is up; --export-on-exit writes everything when it stops', async () => {
  const { root, app } = await tempApp();
  const d = devs();
  try {
    const seed = join(root, 'seed');
    await mkdir(seed);
    await writeFile(join(seed, 'notes.jsonl'), '{"_id": "n1", "text": "imported"}\n{"_id": "n2", "text": "too"}\n');
    const out = join(root, 'exported');
    const dev = await d.start([app, '--data', join(root, 'data'), '--import', seed, '--export-on-exit', out]);
    await dev.waitFor(/import: 2 document\(s\) and 0 key-value entries from/);
    assert.equal((await api(dev.origin, 'GET', '/collections/notes/count')).body.count, 2);
    await api(dev.origin, 'PUT', '/kv/keys/k', { value: 'v', ttl: 60_000 });
    assert.equal(await dev.stop(), 0);
    assert.match(dev.output(), /export: all data written to/);
    assert.deepEqual((await readFile(join(out, 'collections', 'notes.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l)), [
      { _id: 'n1', text: 'imported' },
      { _id: 'n2', text: 'too' },
    ]);
    assert.equal(JSON.parse(await readFile(join(out, 'kv.jsonl'), 'utf8')).key, 'k');
  } finally {
    await d.stopAll();
    await rm(root, { recursive: true, force: true });
  }
});

test('dev --import with a bad row stops the server, naming the line', async () => {
  const { root, app } = await tempApp();
  const d = devs();
  try {
    const seed = join(root, 'bad.jsonl');
    await writeFile(seed, '{"a": 1}\n{"a": \n');
    // The banner comes first (the server is up), then the import runs and fails: the server stops, exit code 1.
    const dev = await d.start([app, '--data', join(root, 'data'), '--import', seed]);
    assert.equal(await dev.exited, 1);
    assert.match(dev.output(), /localhooks: --import .*bad\.jsonl: .*bad\.jsonl:2: not JSON/);
  } finally {
    await d.stopAll();
    await rm(root, { recursive: true, force: true });
  }
});

test('dev --clock starts the clock elsewhere; a restart without it starts from real time; a bad value is refused', async () => {
  const { root, app } = await tempApp();
  const d = devs();
  try {
    const data = join(root, 'data');
    const ahead = await d.start([app, '--data', data, '--clock', '+2d']);
    const moved = (await api(ahead.origin, 'GET', '/clock')).body as { offsetMs: number; mode: string };
    assert.equal(moved.mode, 'moved');
    assert.ok(Math.abs(moved.offsetMs - 48 * HOUR) < 60_000);
    await ahead.stop();
    const again = await d.start([app, '--data', data]);
    assert.equal((await api(again.origin, 'GET', '/clock')).body.mode, 'real');
    await again.stop();
    const fixed = await d.start([app, '--data', data, '--clock', '2030-01-01T00:00:00Z']);
    assert.ok(Math.abs(Date.parse((await api(fixed.origin, 'GET', '/clock')).body.now) - Date.UTC(2030, 0, 1)) < 60_000);
    await fixed.stop();
    const bad = await startDev([app, '--data', data, '--clock', 'soonish']).catch((err: Error) => err);
    assert.ok(bad instanceof Error);
    assert.match(bad.message, /--clock: .*use real, an ISO time like 2026-12-24T18:00:00Z, or an offset like \+25h/);
  } finally {
    await d.stopAll();
    await rm(root, { recursive: true, force: true });
  }
});

test('dev clock: a moved clock survives a hot reload; the reloaded app sees the same time', async () => {
  const { root, app } = await tempApp();
  const clock = new MovableClock();
  await writeFile(join(app, 'index.js'), `${await readFile(join(app, 'index.js'), 'utf8')}\napp.get('/now', (req, res) => res.json({ now: Date.now(), v: 1 }));\n`.replace('export default app.init();\n', '') + '\nexport default app.init();\n');
  const t = await startDir(app, { clock, watch: true, dataDir: join(root, 'data') }, true);
  try {
    await api(new URL(t.base).origin, 'POST', '/clock/advance', { by: '3h' });
    const first = (await t.json<{ now: number }>('/now')).body.now;
    assert.ok(Math.abs(first - (Date.now() + 3 * HOUR)) < 60_000);
    const reloaded = new Promise((r) => t.lh.events.once('reloaded', r));
    await writeFile(join(app, 'index.js'), (await readFile(join(app, 'index.js'), 'utf8')).replace('v: 1', 'v: 2'));
    await reloaded;
    const after = await t.json<{ now: number; v: number }>('/now');
    assert.equal(after.body.v, 2);
    assert.ok(Math.abs(after.body.now - (Date.now() + 3 * HOUR)) < 60_000, 'still 3 h ahead after the reload');
  } finally {
    await t.close();
    clock.stop();
    await rm(root, { recursive: true, force: true });
  }
});

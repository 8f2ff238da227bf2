// `localhooks time` on the seed summarizer (templates/llm-workflow, with a daily digest job added): advancing 24 h
// expires its 60 s cache entries and fires the daily job once, and the output lists both; the app's Date follows.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FIXTURES, postJson, waitFor } from '../../helpers/app-server.js';
import { api } from '../../helpers/admin-api.js';
import { BIN, startDev, type DevProcess } from '../../helpers/dev-process.js';

const run = promisify(execFile);
const HOUR = 3_600_000;

/** The daily job added to the seed app: a digest of the summaries stored so far. */
const DAILY_JOB = `
// Added for the time-travel test: a daily digest at 06:00 UTC.
app.job('0 6 * * *', async (req, res) => {
  const db = await Datastore.open();
  const { count } = await db.count('summaries');
  await db.insertOne('digests', { summaries: count, at: new Date().toISOString() });
  res.end();
});
`;

let root: string;
let appDir: string;
let dev: DevProcess;

async function localhooks(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args, '--url', dev.origin], { env: { ...process.env, PORT: '' }, timeout: 120_000 });
    return { code: 0, out: stdout, err: stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, out: e.stdout ?? '', err: e.stderr ?? '' };
  }
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'lh-time-'));
  appDir = join(root, 'summarizer');
  await cp(join(FIXTURES, 'summarizer'), appDir, { recursive: true });
  const source = await readFile(join(appDir, 'index.js'), 'utf8');
  await writeFile(join(appDir, 'index.js'), source.replace('export default app.init();', `${DAILY_JOB}\nexport default app.init();`));
  dev = await startDev([appDir, '--data', join(root, 'data')]);
});
after(async () => {
  await dev?.stop();
  await rm(root, { recursive: true, force: true });
});

test('time advance 24h on the summarizer: its 60 s cache entries expire and the daily job fires once; the output lists both', async () => {
  for (const text of ['Local development with an emulator is fast.', 'Time travel lets tests skip a day in a second.']) {
    assert.equal((await fetch(`${dev.url}/summaries`, postJson({ text }))).status, 200);
  }
  await waitFor(async () => {
    const { body } = await api(dev.origin, 'GET', '/workflows/status');
    return body.workflows?.[0]?.completed === 2;
  }, { what: 'both summaries stored' });
  const cache = (await api(dev.origin, 'GET', '/kv?prefix=summary:')).body.items as { key: string; ttlMs: number }[];
  assert.equal(cache.length, 2);
  assert.ok(cache.every((e) => e.ttlMs > 0 && e.ttlMs <= 60_000), 'cached for 60 s');

  const status = await localhooks('time');
  assert.equal(status.code, 0, status.err);
  assert.match(status.out, /Server clock: .* \(real time\)/);
  assert.match(status.out, /ttl\s+key summary:[0-9a-f]{32} expires/);
  assert.match(status.out, /cron\s+cron job #1 '0 6 \* \* \*'/);

  // 24 h holds exactly one 06:00 whatever the hour the test runs (25 h held two when started after 05:00 UTC).
  const moved = await localhooks('time', 'advance', '24h');
  assert.equal(moved.code, 0, moved.err);
  assert.match(moved.out, /^Clock moved .* \(\+1d\)/);
  const ttl = moved.out.split('\n').filter((l) => /\bttl\s+key summary:[0-9a-f]{32}\s+expired$/.test(l));
  assert.equal(ttl.length, 2, moved.out);
  const cron = moved.out.split('\n').filter((l) => /\bcron\s+cron job #1 '0 6 \* \* \*'\s+ok$/.test(l));
  assert.equal(cron.length, 1, moved.out);
  assert.ok(moved.out.indexOf('expired') < moved.out.indexOf("'0 6 * * *'"), 'listed in time order: the cache expired a minute in, the job ran at 06:00');

  assert.equal((await api(dev.origin, 'GET', '/kv?prefix=summary:')).body.items.length, 0);
  const digests = (await api(dev.origin, 'GET', '/collections/digests/docs')).body.items as { summaries: number; at: string }[];
  assert.equal(digests.length, 1);
  assert.equal(digests[0]!.summaries, 2);
  assert.match(digests[0]!.at, /T06:00:\d\d/, "the job saw the moved clock in its own Date");

  const json = JSON.parse((await localhooks('time', '--json')).out) as { offsetMs: number; mode: string };
  assert.equal(json.mode, 'moved');
  assert.ok(Math.abs(json.offsetMs - 24 * HOUR) < 60_000);
  // The app's Date: a new summary is stamped 24 h ahead.
  await fetch(`${dev.url}/summaries`, postJson({ text: 'After the jump.' }));
  await waitFor(async () => (await api(dev.origin, 'GET', '/collections/summaries/count')).body.count === 3, { what: 'the third summary' });
  const [latest] = (await api(dev.origin, 'GET', '/collections/summaries/docs?sort=-createdAt&limit=1')).body.items as { createdAt: string }[];
  assert.ok(Math.abs(Date.parse(latest!.createdAt) - (Date.now() + 24 * HOUR)) < 60_000, latest!.createdAt);
});

test('time set and reset; bad values are refused naming the problem', async () => {
  const bad = await localhooks('time', 'advance', '25 hours');
  assert.equal(bad.code, 1);
  assert.match(bad.err, /localhooks time: advance: cannot read '25 hours'/);
  assert.equal((await localhooks('time', 'set', 'tomorrow')).code, 1);
  assert.equal((await localhooks('time', 'wind')).code, 1);
  const back = await localhooks('time', 'set', '2020-01-01T00:00:00Z');
  assert.match(back.out, /→ 2020-01-01 00:00:00Z .*\nNothing was due/);
  const reset = await localhooks('time', 'reset');
  assert.equal(reset.code, 0, reset.err);
  assert.match((await localhooks('time')).out, /\(real time\)/);
});

/**
 * File store throughput and memory: a 200 MB file (BENCH_FILE_MB) uploaded through the docs' saveFile route and
 * the admin API, downloaded through the docs' getReadStream route, app.storage and the admin API, beside a plain
 * fs stream copy of the same file in the same run; and the server's RSS growth meanwhile (target < 64 MB). The
 * server runs in its own process, so its memory is measured apart from the client's.
 * Run: `npm run build && node dist/bench/files/index.js` (or `npm run bench -- files`).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { cp, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { rssOf, sampleRss, startServerProcess } from '../server-process.js';

const REPO = new URL('../../../', import.meta.url).pathname;
const MB = 1024 * 1024;
const SIZE_MB = Number(process.env.BENCH_FILE_MB ?? 200);

export interface FilesBenchResult {
  fsCopyMBs: number;
  uploadMBs: number;
  downloadMBs: number;
  rssGrowthMB: number;
  identical: boolean;
}

async function makeFile(path: string, mb: number): Promise<string> {
  const hash = createHash('sha256');
  const fh = await open(path, 'w');
  for (let i = 0; i < mb; i++) {
    const block = randomBytes(MB);
    hash.update(block);
    await fh.write(block);
  }
  await fh.close();
  return hash.digest('hex');
}

/** Sends the file as a request body; resolves with the status once the answer is read. */
function upload(url: string, file: string, size: number, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: url.includes('/.localhooks/') ? 'PUT' : 'POST', headers: { 'content-type': 'application/octet-stream', 'content-length': String(size), ...headers } }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.once('error', reject);
    createReadStream(file).pipe(req);
  });
}

/** Reads an answer's body into a hash; resolves with the hex digest and the byte count. */
function download(url: string): Promise<{ sha256: string; bytes: number; status: number }> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      const hash = createHash('sha256');
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        bytes += c.byteLength;
        hash.update(c);
      });
      res.once('end', () => resolve({ sha256: hash.digest('hex'), bytes, status: res.statusCode ?? 0 }));
      res.once('error', reject);
    })
      .once('error', reject)
      .end();
  });
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

export async function run(log: (line: string) => void = console.log): Promise<FilesBenchResult> {
  const root = await mkdtemp(join(tmpdir(), 'lh-bench-files-'));
  const appDir = join(root, 'app');
  await cp(join(REPO, 'test', 'fixtures', 'blob-app'), appDir, { recursive: true });
  const src = join(root, 'big.bin');
  const size = SIZE_MB * MB;
  const sha = await makeFile(src, SIZE_MB);
  const server = await startServerProcess(appDir, join(root, 'data'));
  try {
    const copy = await timed(async () => {
      const dst = join(root, 'copy.bin');
      await pipeline(createReadStream(src), createWriteStream(dst));
      const fh = await open(dst, 'r+');
      await fh.sync();
      await fh.close();
      await rm(dst);
    });
    const app = `${server.origin}/dev`;
    const admin = `${server.origin}/.localhooks/api/files`;
    // Warm-up: the first request of each kind loads code; the baseline is taken after it.
    const small = join(root, 'small.bin');
    await writeFile(small, randomBytes(2 * MB));
    await upload(`${app}/file?name=/warm/a.bin`, small, 2 * MB);
    await download(`${app}/file?name=/warm/a.bin`);
    const before = await rssOf(server.child.pid!);
    const rss = sampleRss(server.child.pid!);
    const peaks: Record<string, number> = {};
    const phase = async <T>(name: string, fn: () => Promise<T>) => {
      rss.reset();
      const r = await timed(fn);
      peaks[name] = rss.peak();
      return r;
    };
    const up = await phase('upload', () => upload(`${app}/file?name=/media/big.bin`, src, size));
    const down = await phase('download', () => download(`${app}/file?name=/media/big.bin`));
    const storage = await phase('app.storage', () => download(`${app}/media/big.bin`));
    const put = await phase('files put', () => upload(`${admin}/admin/big.bin`, src, size, { 'x-localhooks-client': 'bench' }));
    const get = await phase('files get', () => download(`${admin}/admin/big.bin`));
    rss.stop();
    const peak = Math.max(...Object.values(peaks));
    const growth = (peak - before) / MB;
    const identical = [down, storage, get].every((d) => d.value.sha256 === sha && d.value.bytes === size) && up.value === 200 && put.value === 201;
    const rate = (s: number) => SIZE_MB / s;
    const line = (what: string, s: number) => log(`  ${what.padEnd(46)} ${rate(s).toFixed(0).padStart(6)} MB/s   ${(rate(s) / rate(copy.seconds)).toFixed(2)}× fs copy`);
    log(`files: one ${SIZE_MB} MB file; the server in its own process`);
    log(`  ${'fs stream copy + fsync (baseline)'.padEnd(46)} ${rate(copy.seconds).toFixed(0).padStart(6)} MB/s`);
    line('upload: req.pipe → filestore.saveFile', up.seconds);
    line('upload: PUT /.localhooks/api/files (files put)', put.seconds);
    line('download: getReadStream → res.write', down.seconds);
    line('download: app.storage route', storage.seconds);
    line('download: GET /.localhooks/api/files (files get)', get.seconds);
    log(`  server RSS ${(before / MB).toFixed(0)} MB before, peak ${(peak / MB).toFixed(0)} MB during: +${growth.toFixed(1)} MB (target < 64 MB)`);
    log(`  peak growth by phase: ${Object.entries(peaks).map(([k, v]) => `${k} +${((v - before) / MB).toFixed(0)}`).join(', ')} MB`);
    log(`  every download byte-identical to the upload: ${identical ? 'yes' : 'NO'}`);
    return { fsCopyMBs: rate(copy.seconds), uploadMBs: rate(up.seconds), downloadMBs: rate(down.seconds), rssGrowthMB: growth, identical };
  } finally {
    await server.stop();
    await rm(root, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await run();

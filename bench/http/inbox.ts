import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalhooks, type Localhooks } from '../../runtime/app.js';
import { createLogger } from '../../runtime/logger.js';

import type { Load } from '../load.js';

/**
 * Short rounds alternate between the two servers and the median of the per-round ratios is printed, so a
 * neighbour's burst on a shared machine moves one round, not the figure.
 */
const ROUNDS = 8;

/**
 * The request inbox's cost on the hot path: the hello route on a server with the inbox on (the default, 1,000
 * requests kept in LevelDB) and one with it off, measured in alternating rounds.
 */
export async function inboxRatio(repo: string, seconds: number, autocannon: (url: string, s: number) => Promise<Load>, log: (line: string) => void): Promise<number> {
  const dirs: string[] = [];
  const start = async (inbox: boolean): Promise<Localhooks> => {
    const dir = await mkdtemp(join(tmpdir(), 'lh-bench-inbox-'));
    dirs.push(dir);
    await cp(join(repo, 'test', 'fixtures', 'hello-app'), dir, { recursive: true });
    return startLocalhooks({ appDir: dir, port: 0, watch: false, logger: createLogger({ level: 'warn' }), inbox: inbox ? {} : false });
  };
  const on = await start(true);
  const off = await start(false);
  try {
    const url = (lh: Localhooks) => `http://127.0.0.1:${lh.port}/dev/hello`;
    await autocannon(url(on), 1);
    await autocannon(url(off), 1);
    const sum = { on: 0, off: 0 };
    const ratios: number[] = [];
    const per = Math.max(2, Math.round((seconds * 2) / ROUNDS));
    for (let i = 0; i < ROUNDS; i++) {
      // Each pair starts with the other server, so neither always runs first.
      const [a, b] = i % 2 ? [on, off] : [off, on];
      const ra = (await autocannon(url(a), per)).rps;
      const rb = (await autocannon(url(b), per)).rps;
      const r = { on: a === on ? ra : rb, off: a === on ? rb : ra };
      sum.on += r.on;
      sum.off += r.off;
      ratios.push(r.on / r.off);
    }
    ratios.sort((x, y) => x - y);
    const ratio = (ratios[ROUNDS / 2 - 1]! + ratios[ROUNDS / 2]!) / 2;
    log(`inbox: GET /dev/hello, ${ROUNDS} alternating pairs of ${per} s rounds`);
    log(`  inbox off      ${(sum.off / ROUNDS).toFixed(0).padStart(7)} req/s`);
    log(`  inbox on       ${(sum.on / ROUNDS).toFixed(0).padStart(7)} req/s   (every request kept, 1,000 in LevelDB)`);
    log(`  ratio          ${ratio.toFixed(2)} on/off, median of the pairs (range ${ratios[0]!.toFixed(2)}–${ratios.at(-1)!.toFixed(2)}; target ≥ 0.90)`);
    return ratio;
  } finally {
    await on.close();
    await off.close();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  }
}

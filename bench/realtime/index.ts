/**
 * Realtime fan-out: 100 SSE clients on one channel (BENCH_RT_CLIENTS), the app publishing with the real
 * codehooks-js `realtime.publishEvent`. Prints events/s delivered during a burst of 2,000 events published one
 * after another and all at once, and the publish-to-receive latency (p50, p99) then and at a steady 100 events/s. The server runs in its
 * own process, so the clients do not share its event loop.
 * Run: `npm run build && node dist/bench/realtime/index.js` (or `npm run bench -- realtime`).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServerProcess } from '../server-process.js';

const CLIENTS = Number(process.env.BENCH_RT_CLIENTS ?? 100);
const BURST = 2000;
const STEADY_EVENTS = 500;
const STEADY_RATE = 100;

const APP = `import { app, realtime } from 'codehooks-js';
realtime.createChannel('/bench');
app.post('/connect', async (req, res) => res.json({ listenerID: (await realtime.createListener('/bench', {}))._id }));
// n events, one after another (each publish is a datastore insert), every \`gap\` ms (0: as fast as they go);
// \`parallel\`: all at once, as many requests or workers publishing together would.
app.post('/publish', async (req, res) => {
  const { n, gap = 0, run, parallel } = req.body;
  if (parallel) {
    await Promise.all(Array.from({ length: n }, (_, i) => realtime.publishEvent('/bench', { run, i, t: performance.timeOrigin + performance.now() })));
    return res.json({ published: n });
  }
  for (let i = 0; i < n; i++) {
    if (gap) await new Promise((r) => setTimeout(r, gap));
    await realtime.publishEvent('/bench', { run, i, t: performance.timeOrigin + performance.now() });
  }
  res.json({ published: n });
});
export default app.init();
`;

export interface RealtimeBenchResult {
  eventsPerSecond: number;
  burstP99Ms: number;
  steadyP99Ms: number;
}

interface Client {
  res: IncomingMessage;
  /** Latency of every event received, by run. */
  latencies: Map<string, number[]>;
}

const post = async (url: string, body: unknown) => (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<Record<string, unknown>>;

function connect(url: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { accept: 'text/event-stream' } }, (res) => {
      const client: Client = { res, latencies: new Map() };
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const now = performance.timeOrigin + performance.now();
        buf += chunk;
        let cut: number;
        while ((cut = buf.indexOf('\n\n')) !== -1) {
          const block = buf.slice(0, cut);
          buf = buf.slice(cut + 2);
          const line = block.split('\n').find((l) => l.startsWith('data: '));
          if (!line) continue;
          const e = JSON.parse(line.slice(6)) as { run: string; t: number };
          const list = client.latencies.get(e.run) ?? client.latencies.set(e.run, []).get(e.run)!;
          list.push(now - e.t);
        }
      });
      resolve(client);
    })
      .once('error', reject)
      .end();
  });
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function allReceived(clients: Client[], run: string, n: number, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (clients.some((c) => (c.latencies.get(run)?.length ?? 0) < n)) {
    if (Date.now() > deadline) throw new Error(`run ${run}: not every client got ${n} events`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export async function run(log: (line: string) => void = console.log): Promise<RealtimeBenchResult> {
  const root = await mkdtemp(join(tmpdir(), 'lh-bench-rt-'));
  await writeFile(join(root, 'index.js'), APP);
  const server = await startServerProcess(root, join(root, 'data'));
  const base = `${server.origin}/dev`;
  const clients: Client[] = [];
  try {
    for (let i = 0; i < CLIENTS; i++) {
      const { listenerID } = await post(`${base}/connect`, {});
      clients.push(await connect(`${base}/bench/${listenerID as string}`));
    }
    await post(`${base}/publish`, { n: 50, run: 'warm' });
    await allReceived(clients, 'warm', 50);

    const t0 = performance.now();
    await post(`${base}/publish`, { n: BURST, run: 'burst' });
    await allReceived(clients, 'burst', BURST);
    const seconds = (performance.now() - t0) / 1000;
    const burst = clients.flatMap((c) => c.latencies.get('burst')!);
    const eventsPerSecond = (CLIENTS * BURST) / seconds;

    const p0 = performance.now();
    await post(`${base}/publish`, { n: BURST, run: 'parallel', parallel: true });
    await allReceived(clients, 'parallel', BURST);
    const pSeconds = (performance.now() - p0) / 1000;
    const parallel = clients.flatMap((c) => c.latencies.get('parallel')!);

    await post(`${base}/publish`, { n: STEADY_EVENTS, gap: 1000 / STEADY_RATE, run: 'steady' });
    await allReceived(clients, 'steady', STEADY_EVENTS);
    const steady = clients.flatMap((c) => c.latencies.get('steady')!);

    log(`realtime: ${CLIENTS} SSE clients on one channel, events published by the app (realtime.publishEvent)`);
    log(`  burst of ${BURST}: ${(BURST / seconds).toFixed(0)} events/s published, ${eventsPerSecond.toFixed(0)} events/s delivered`);
    log(`  latency publish → receive during the burst: p50 ${percentile(burst, 50).toFixed(1)} ms, p99 ${percentile(burst, 99).toFixed(1)} ms`);
    log(`  ${BURST} published at once: ${((CLIENTS * BURST) / pSeconds).toFixed(0)} events/s delivered; latency p50 ${percentile(parallel, 50).toFixed(1)} ms, p99 ${percentile(parallel, 99).toFixed(1)} ms`);
    log(`  latency at a steady ${STEADY_RATE} events/s: p50 ${percentile(steady, 50).toFixed(1)} ms, p99 ${percentile(steady, 99).toFixed(1)} ms`);
    return { eventsPerSecond, burstP99Ms: percentile(burst, 99), steadyP99Ms: percentile(steady, 99) };
  } finally {
    for (const c of clients) c.res.destroy();
    await server.stop();
    await rm(root, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await run();

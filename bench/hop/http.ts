/**
 * Goal 1: app traffic beside bare fastify, in one run.
 *   GET /dev/hello (hello-app)               vs a fastify route answering the same JSON       (target ≥ 0.85)
 *   GET /dev/summaries (summarizer, N docs)  vs a fastify route reading the same docs from classic-level, newest 10
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { ClassicLevel } from 'classic-level';
import { startLocalhooks } from '../../runtime/app.js';
import { createLogger } from '../../runtime/logger.js';
import { autocannon } from '../load.js';
import { fixtureCopy, summaryDoc } from './common.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const CONNECTIONS = 32;
const DOCS = 200;

export async function run(log: (line: string) => void = console.log): Promise<{ hello: number; summaries: number }> {
  const hello = await fixtureCopy('hello-app');
  const summ = await fixtureCopy('summarizer');
  const logger = createLogger({ level: 'warn' });
  const lhHello = await startLocalhooks({ appDir: hello, port: 0, watch: false, logger });
  const lhSumm = await startLocalhooks({ appDir: summ, port: 0, watch: false, logger, env: { OPENAI_API_KEY: 'x' } });
  const raw = new ClassicLevel<string, string>(join(summ, 'raw'), { keyEncoding: 'utf8', valueEncoding: 'utf8' });
  const bare = Fastify({ logger: false });
  try {
    for (let i = 0; i < DOCS; i++) {
      const doc = summaryDoc(i);
      const saved = (await lhSumm.backend.call('insertOne', ['summaries', doc])) as { _id: string };
      await raw.put(`doc/summaries/${saved._id}`, JSON.stringify(saved));
    }
    bare.get('/dev/hello', async () => ({ message: 'Hello from localhooks', version: 1 }));
    bare.get('/dev/summaries', async () => {
      const docs: { createdAt: string }[] = [];
      for await (const v of raw.values({ gte: 'doc/summaries/', lt: 'doc/summaries/\uffff' })) docs.push(JSON.parse(v));
      return docs.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1)).slice(0, 10);
    });
    await bare.listen({ port: 0, host: '127.0.0.1' });
    const bareOrigin = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`;
    const pair = async (name: string, ours: string, base: string): Promise<number> => {
      await autocannon(ours, { connections: CONNECTIONS, seconds: 1 });
      await autocannon(base, { connections: CONNECTIONS, seconds: 1 });
      const b = await autocannon(base, { connections: CONNECTIONS, seconds: SECONDS });
      const o = await autocannon(ours, { connections: CONNECTIONS, seconds: SECONDS });
      const ratio = o.rps / b.rps;
      log(`${name.padEnd(28)} localhooks ${o.rps.toFixed(0).padStart(6)} req/s (p99 ${o.p99} ms, errors ${o.errors})   bare fastify ${b.rps.toFixed(0).padStart(6)} req/s   ratio ${ratio.toFixed(2)}`);
      return ratio;
    };
    log(`http: ${CONNECTIONS} connections, ${SECONDS} s each (target ≥ 0.85 of bare fastify)`);
    const h = await pair('GET /dev/hello', `http://127.0.0.1:${lhHello.port}/dev/hello`, `${bareOrigin}/dev/hello`);
    const s = await pair(`GET /dev/summaries (${DOCS} docs)`, `http://127.0.0.1:${lhSumm.port}/dev/summaries`, `${bareOrigin}/dev/summaries`);
    return { hello: h, summaries: s };
  } finally {
    await (bare as FastifyInstance).close();
    await raw.close();
    await lhHello.close();
    await lhSumm.close();
    await rm(hello, { recursive: true, force: true });
    await rm(summ, { recursive: true, force: true });
  }
}

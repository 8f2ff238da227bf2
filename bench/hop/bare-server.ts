/** The start and memory baseline: fastify serving the summarizer's `GET /summaries` from classic-level. */
import Fastify from 'fastify';
import { ClassicLevel } from 'classic-level';

const [dbPath, port] = process.argv.slice(2);
const db = new ClassicLevel<string, string>(dbPath!, { keyEncoding: 'utf8', valueEncoding: 'utf8' });
const f = Fastify({ logger: false });
f.get('/dev/summaries', async () => {
  const docs: { createdAt: string }[] = [];
  for await (const v of db.values({ gte: 'doc/summaries/', lt: 'doc/summaries/\uffff' })) docs.push(JSON.parse(v));
  return docs.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1)).slice(0, 10);
});
await f.listen({ port: Number(port), host: '127.0.0.1' });

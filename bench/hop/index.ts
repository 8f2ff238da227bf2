import { pathToFileURL } from 'node:url';
import { run as runHttp } from './http.js';
import { run as runDatastore } from './datastore.js';
import { run as runReload } from './reload.js';
import { run as runStart } from './start.js';

/** Issue 16 part 1: the thread hop, HTTP, reload, start and memory. `node dist/bench/hop/index.js [http|ds|reload|start]`. */
export async function run(only: string[] = []): Promise<void> {
  const parts: [string, () => Promise<unknown>][] = [
    ['http', () => runHttp()],
    ['ds', () => runDatastore()],
    ['reload', () => runReload()],
    ['start', () => runStart()],
  ];
  for (const [name, fn] of parts) if (only.length === 0 || only.includes(name)) await fn();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await run(process.argv.slice(2));

import { run as runHttp } from './http/index.js';
import { run as runDatastore } from './datastore/index.js';
import { run as runQueue } from './queue/index.js';
import { run as runTestkit } from './testkit/index.js';
import { run as runLlm } from './llm/index.js';
import { run as runDashboard } from './dashboard/index.js';
import { run as runFiles } from './files/index.js';
import { run as runRealtime } from './realtime/index.js';
import { run as runData } from './data/index.js';
import { run as runHop } from './hop/index.js';
import { run as runScale } from './scale/index.js';

/** `npm run bench`: every bench, each figure printed beside its baseline from the same run. */
const only = process.argv.slice(2);
const benches: [string, () => Promise<unknown>][] = [
  ['http', () => runHttp()],
  ['datastore', () => runDatastore()],
  ['queue', () => runQueue()],
  ['testkit', () => runTestkit()],
  ['llm', () => runLlm()],
  ['dashboard', () => runDashboard()],
  ['files', () => runFiles()],
  ['realtime', () => runRealtime()],
  ['data', () => runData()],
  ['hop', () => runHop()],
  ['scale', () => runScale()],
];
for (const [name, fn] of benches) {
  if (only.length && !only.includes(name)) continue;
  console.log(`\n== ${name}`);
  await fn();
}

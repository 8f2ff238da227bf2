import type { SdkInfo } from '../compiler/index.js';
import type { ManifestSummary } from '../runner/protocol.js';

/** What the app declares, listed like `wrangler dev` lists bindings. */
export function renderBanner(info: {
  url: string;
  /** The dashboard's address (`/.localhooks/`). */
  dashboard?: string;
  compileMs: number;
  manifest: ManifestSummary;
  sdk: SdkInfo | null;
  entry: string;
  dataDir: string;
  apiKeys: boolean;
  /** Which web pages may call the app (`--cors`, `--apikey`). */
  cors?: string;
  /** Which Host names are served (`--allowed-host`). */
  hosts?: string;
  llm?: string;
  /** Names of the variables the app's `.env` set; values are never printed. */
  envNames?: string[];
}): string {
  const { manifest: m } = info;
  const lines: string[] = [];
  lines.push(`localhooks ready at ${info.url} (compiled in ${Math.round(info.compileMs)} ms)`);
  if (info.dashboard) lines.push(`  dashboard  ${info.dashboard}`);
  lines.push(`  entry      ${info.entry}`);
  if (info.sdk) lines.push(`  sdk        codehooks-js ${info.sdk.version} (${info.sdk.source === 'app' ? "the app's node_modules" : "localhooks' bundled copy"})`);
  lines.push(`  data       ${info.dataDir}`);
  lines.push(`  auth       ${info.apiKeys ? 'API key required (x-apikey), auth hooks for requests without one' : 'open (start with --apikey KEY to require a key)'}`);
  if (info.cors) lines.push(`  cors       ${info.cors}`);
  if (info.hosts) lines.push(`  hosts      ${info.hosts}`);
  if (info.envNames?.length) lines.push(`  env        .env sets ${info.envNames.join(', ')}`);
  if (info.llm) lines.push(`  ${info.llm}`);
  const workflows = groupWorkflows(Object.keys(m.workers));
  const plainWorkers = Object.keys(m.workers).filter((t) => !t.startsWith('workflowqueue_'));
  lines.push(`  routes (${m.routes.length})`);
  for (const r of m.routes) lines.push(`    ${r}`);
  if (plainWorkers.length) lines.push(`  workers    ${plainWorkers.map((t) => describeWorker(t, m.workers[t]!)).join(', ')}`);
  if (m.jobs.length) lines.push(`  cron jobs  ${m.jobs.join(', ')}`);
  for (const [name, steps] of workflows) lines.push(`  workflow   ${name} (${steps.length} steps: ${steps.join(' → ')})`);
  if (m.realtime.length) lines.push(`  realtime   ${m.realtime.join(', ')} (event stream at ${info.url}${m.realtime[0]}/<listenerID>)`);
  return lines.join('\n');
}

function describeWorker(topic: string, o: { workers?: number; timeout?: number }): string {
  const opts = [o.workers ? `workers ${o.workers}` : '', o.timeout ? `timeout ${o.timeout} ms` : ''].filter(Boolean);
  return opts.length ? `${topic} (${opts.join(', ')})` : topic;
}

/** Workflow steps run on topics `workflowqueue_<workflow>_<step>`; group them back for the listing. */
export function groupWorkflows(topics: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of topics) {
    if (!t.startsWith('workflowqueue_')) continue;
    const rest = t.slice('workflowqueue_'.length);
    const cut = rest.indexOf('_');
    if (cut <= 0) continue;
    const name = rest.slice(0, cut);
    out.set(name, [...(out.get(name) ?? []), rest.slice(cut + 1)]);
  }
  return out;
}

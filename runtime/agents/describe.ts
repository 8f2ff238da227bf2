import { ADMIN_API, ADMIN_PREFIX } from '../admin/prefix.js';
import type { AdminClient } from '../cli/data/client.js';
import type { CronJobStatus } from '../cron/index.js';
import type { BuildState, overview } from '../dashboard/overview.js';
import type { TopicStatus } from '../queue/types.js';
import type { WorkflowStatusReport } from '../workflow/report.js';
import { OPENAPI_PATH } from '../admin/openapi.js';

/** Topics workflow steps run on (`workflowqueue_<workflow>_<step>`). */
const WORKFLOW_QUEUE = 'workflowqueue_';

/** What `GET /overview` answers: the dashboard's overview, as JSON. */
type Overview = ReturnType<typeof overview>;

/** Everything `localhooks describe` shows, as `--json` prints it. */
export interface Description {
  urls: { app: string; dashboard: string; adminApi: string; openapi: string };
  versions: { localhooks: string; codehooksJs: string | null; codehooksJsSource: string | null };
  entry: string | null;
  dataDir: string;
  build: BuildState;
  manifest: Overview['manifest'];
  collections: { name: string; count: number }[];
  /** The app's own queues; the workflows' step queues are counted in `workflowQueues`. */
  queues: { topic: string; waiting: number; scheduled: number; leased: number; failed: number; dead: number; done: number }[];
  workflowQueues: number;
  jobs: { index: number; expr: string; nextRuns: string[]; lastResult: string | null }[];
  workflows: { name: string; instances: number; active: number; completed: number; withErrors: number }[];
  llm: { mode: string };
}

/** Reads a running server's admin API (the same calls the dashboard makes) into one description. */
export async function describeServer(admin: AdminClient): Promise<Description> {
  const [ov, cols, queues, jobs, wf, llm] = await Promise.all([
    admin.get<Overview>('/overview'),
    admin.get<{ collections: { name: string; count: number }[] }>('/collections'),
    admin.get<{ topics: TopicStatus[] }>('/queues'),
    admin.get<{ jobs: (CronJobStatus & { nextRuns: string[]; lastResult: string | null })[] }>('/jobs?next=2'),
    admin.get<WorkflowStatusReport>('/workflows/status'),
    admin.get<{ mode: string }>('/llm'),
  ]);
  const origin = admin.origin;
  return {
    urls: { app: ov.url, dashboard: `${origin}${ADMIN_PREFIX}/`, adminApi: `${origin}${ADMIN_API}`, openapi: `${origin}${OPENAPI_PATH}` },
    versions: { localhooks: ov.version, codehooksJs: ov.sdk?.version ?? null, codehooksJsSource: ov.sdk?.source ?? null },
    entry: ov.entry,
    dataDir: ov.dataDir,
    build: ov.build,
    manifest: ov.manifest,
    collections: cols.collections.map((c) => ({ name: c.name, count: c.count })),
    workflowQueues: queues.topics.filter((t) => t.topic.startsWith(WORKFLOW_QUEUE)).length,
    queues: queues.topics.filter((t) => !t.topic.startsWith(WORKFLOW_QUEUE)).map(({ topic, waiting, scheduled, leased, failed, dead, done }) => ({ topic, waiting, scheduled, leased, failed, dead, done })),
    jobs: jobs.jobs.map((j) => ({ index: j.index, expr: j.expr, nextRuns: j.nextRuns, lastResult: j.lastResult })),
    workflows: wf.workflows.map((w) => ({ name: w.workflowName, instances: w.totalInstances, active: w.active, completed: w.completed, withErrors: w.withErrors })),
    llm: { mode: llm.mode },
  };
}

const list = (items: string[], none: string) => (items.length ? items.join(', ') : none);

/** One screen: the lines a newcomer or an agent reads first. */
export function renderDescription(d: Description): string {
  const m = d.manifest;
  const out = [
    `localhooks ${d.versions.localhooks} · codehooks-js ${d.versions.codehooksJs ?? '-'}${d.versions.codehooksJsSource ? ` (${d.versions.codehooksJsSource === 'app' ? "the app's" : "localhooks' copy"})` : ''} · LLM ${d.llm.mode}`,
    `App        ${d.urls.app}   (entry ${d.entry ?? '-'}; build ${d.build.status}, generation ${d.build.generation})`,
    `Dashboard  ${d.urls.dashboard}`,
    `Admin API  ${d.urls.adminApi}   (OpenAPI: ${d.urls.openapi})`,
    `Data       ${d.dataDir}`,
  ];
  if (d.build.error) out.push(`Build error:\n  ${d.build.error.split('\n').slice(0, 6).join('\n  ')}`);
  out.push('');
  if (m) {
    out.push(`Routes (${m.routes.length})  ${list(m.routes, 'none')}`);
    if (m.auth.length) out.push(`Auth       ${m.auth.join(', ')}`);
    out.push(`Workers    ${list(m.workers.map((w) => w.topic), 'none')}`);
    out.push(`Channels   ${list(m.realtime, 'none')}`);
  } else out.push('No version of the app is serving (see the build error).');
  out.push(`Jobs       ${list(d.jobs.map((j) => `#${j.index} ${j.expr} → next ${j.nextRuns[0]?.replace('T', ' ').replace(/\.\d+Z$/, 'Z') ?? '-'}${j.lastResult ? ` (last ${j.lastResult})` : ''}`), 'none')}`);
  const wfCounts = new Map(d.workflows.map((w) => [w.name, w]));
  const workflows = (m?.workflows ?? []).map((w) => {
    const c = wfCounts.get(w.name);
    return `${w.name} [${w.steps.join(' → ')}]: ${c ? `${c.instances} instances (${c.active} active, ${c.completed} done${c.withErrors ? `, ${c.withErrors} with errors` : ''})` : 'no instances'}`;
  });
  out.push(`Workflows  ${workflows.length ? workflows.join('\n           ') : 'none'}`);
  out.push(`Collections ${list(d.collections.map((c) => `${c.name} (${c.count.toLocaleString('en')})`), 'none yet')}`);
  // Only the app's own queues are listed: without this note "none" read as if the workflows had no queues.
  const stepQueues = d.workflowQueues ? `${d.queues.length ? '; ' : ''}the workflows' ${d.workflowQueues} step queues (localhooks queue-status)` : '';
  out.push(`Queues     ${d.queues.map((q) => `${q.topic}: ${q.waiting + q.scheduled} waiting, ${q.leased} running, ${q.dead} dead, ${q.done} done`).join(', ')}${stepQueues || (d.queues.length ? '' : 'none')}`);
  return `${out.join('\n')}\n`;
}

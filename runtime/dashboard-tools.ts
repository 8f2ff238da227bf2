/**
 * Wires the dashboard and what it alone adds (the request inbox, the webhook sender, workflow traces, rerun and
 * resume by URL) into the composition root, so runtime/app.ts only creates it, hands the gateway its tap and
 * registers its routes.
 */
import type { FastifyInstance } from 'fastify';
import { ADMIN_API } from './admin/prefix.js';
import { CALLS, type CallMethod, type ConnBackend } from '../sdk/contract/calls.js';
import type { Clock } from './clock.js';
import type { SdkInfo } from './compiler/index.js';
import { createDashboard, type BuildState } from './dashboard/index.js';
import type { ReloadPipeline } from './dev/reload.js';
import { RequestInbox } from './inbox/inbox.js';
import { registerInboxRoutes, summarize } from './inbox/inbox.routes.js';
import type { InboxOptions } from './inbox/types.js';
import type { LlmJournal } from './llm/index.js';
import type { Logger } from './logger.js';
import type { QueueBroker } from './queue/index.js';
import type { RunnerHost } from './runner/host.js';
import type { Store } from './storage/index.js';
import { WebhookComposer } from './webhooks/compose.js';
import { WorkflowControl } from './workflow/control.js';
import type { InstanceSummary } from './workflow/summary.js';
import { WORKFLOW_COLLECTION, WorkflowTrace } from './workflow/trace.js';

/** How often the LLM journal's counter is looked at for the live feed. */
const LLM_POLL_MS = 1000;

export interface DashboardToolsDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** The app's calls (tracked, so the test kit's drain waits for the dashboard's writes too). */
  backend: ConnBackend;
  /** `collections`: the prefixes the observer needs to see (runtime/services.ts). */
  observe(fn: (method: CallMethod, args: readonly unknown[], result: unknown) => void, collections?: readonly string[]): void;
  /** Makes every write visible to observers while on (coderunners otherwise answer some calls themselves). */
  watchWrites?(on: boolean): void;
  broker: QueueBroker;
  host: RunnerHost;
  reload: ReloadPipeline;
  entry(): string | null;
  sdk(): SdkInfo | null;
  env(): Record<string, string>;
  space: string;
  dataDir: string;
  /** `false` or `{capacity: 0}` turns the inbox (and the request charts) off. */
  inbox?: InboxOptions | false;
  /** The offline LLM's call journal, for the LLM view. */
  llmJournal?: LlmJournal;
  /** Workflow instance summaries in `_id` order (runtime/workflow/summary.ts). */
  workflowSummaries(): AsyncIterable<InstanceSummary>;
  /** The server's log lines as they are written, for the Logs view's live feed. */
  logs?: { subscribe(fn: (line: { seq: number; time: number; level: string; text: string }) => void): () => void };
}

export interface DashboardTools {
  inbox: RequestInbox | null;
  trace: WorkflowTrace;
  /** Once the server listens: where replays and webhooks are sent, and the URL the overview shows. */
  listening(port: number, url: string): void;
  /** Adds the dashboard's page and routes to the admin API (the route modules load then). */
  register(admin: FastifyInstance): Promise<void>;
  close(): Promise<void>;
}

export async function createDashboardTools(d: DashboardToolsDeps): Promise<DashboardTools> {
  let port = 0;
  let url = '';
  let buildAt: number | null = null;
  const origin = () => `http://127.0.0.1:${port}`;
  const build = (): BuildState => ({
    status: d.reload.lastBuildError ? 'error' : d.host.current ? 'ok' : 'starting',
    generation: d.host.generation,
    at: buildAt,
    error: d.reload.lastBuildError,
  });
  const dashboard = createDashboard({
    url: () => url,
    space: d.space,
    dataDir: d.dataDir,
    entry: d.entry,
    sdk: d.sdk,
    manifest: () => d.host.current?.manifest ?? null,
    build,
    queueStatus: () => d.broker.status(),
  });
  const off = d.inbox === false || d.inbox?.capacity === 0;
  const inbox = off
    ? null
    : await RequestInbox.open({
        store: d.store,
        clock: d.clock,
        logger: d.logger,
        options: d.inbox || undefined,
        onFinished: (e) => {
          dashboard.metrics.record(e.status ?? 0, e.ms ?? 0);
          if (dashboard.feed.size > 0) dashboard.feed.publish('request', summarize(e));
        },
      });
  const trace = new WorkflowTrace(() => d.clock.now());
  trace.onChange((doc) => dashboard.feed.publish('workflow', { _id: doc._id, workflowName: doc.workflowName ?? null, nextStep: doc.nextStep ?? null, lastError: doc.lastError ?? null, updatedAt: doc.updatedAt ?? null }, String(doc._id)));
  d.observe((method, args, result) => trace.observe(method, args, result), [WORKFLOW_COLLECTION]);
  // The live data feed wants every write, but only while a page is open.
  dashboard.feed.onActive((on) => d.watchWrites?.(on));
  d.observe((method, args) => {
    const spec = CALLS[method as keyof typeof CALLS];
    if (spec?.write && dashboard.feed.size > 0) {
      if (spec.service === 'queue') return;
      const target = spec.collection ? String(args[0]) : 'keyvalue';
      dashboard.feed.publish('data', { collection: spec.collection ? target : null, kv: !spec.collection, method }, target);
    }
  }, []);
  const onBuild = () => {
    buildAt = d.clock.now();
    dashboard.feed.publish('build', build(), 'build');
  };
  d.reload.on('reloaded', onBuild);
  d.reload.on('build-error', onBuild);
  d.host.on('deployed', onBuild);

  const runningInstances = (): Set<string> => {
    const ids = new Set<string>();
    for (const rec of d.broker.active()) {
      const id = (rec.payload as { instanceId?: unknown } | null)?.instanceId;
      if (rec.topic.startsWith('workflowqueue_') && typeof id === 'string') ids.add(id);
    }
    return ids;
  };
  const control = new WorkflowControl({
    backend: d.backend,
    store: d.store,
    clock: d.clock,
    trace,
    manifest: () => d.host.current?.manifest ?? null,
    runningInstances,
  });
  const composer = new WebhookComposer(d.store);
  const unsubscribeLogs = d.logs?.subscribe((line) => dashboard.feed.publish('log', line));
  // The journal has no hook: a cheap look at its counter each second tells the page a call came in.
  let llmSeen = d.llmJournal?.lastSeq ?? 0;
  const llmWatch = setInterval(() => {
    const seq = d.llmJournal?.lastSeq ?? 0;
    if (seq !== llmSeen) dashboard.feed.publish('llm', { lastSeq: (llmSeen = seq) }, 'llm');
  }, LLM_POLL_MS).unref();
  return {
    inbox,
    trace,
    listening(p, u) {
      port = p;
      url = u;
    },
    async register(admin) {
      const [{ registerWebhookRoutes }, { registerControlRoutes }, { registerLlmCallRoutes }] = await Promise.all([
        import('./webhooks/webhooks.routes.js'),
        import('./workflow/control.routes.js'),
        import('./dashboard/llm-calls.js'),
      ]);
      dashboard.register(admin);
      if (inbox) registerInboxRoutes(admin, { inbox, origin, secrets: () => Object.values(d.env()) });
      // Turned off (`--inbox 0`): the list says so rather than answering 404.
      else admin.get(`${ADMIN_API}/requests`, async () => ({ requests: [], more: false, capacity: 0, bodyLimit: 0 }));
      registerWebhookRoutes(admin, { composer, inbox, env: d.env, now: () => d.clock.now(), origin, space: d.space });
      registerControlRoutes(admin, { control, trace, manifest: () => d.host.current?.manifest ?? null, summaries: d.workflowSummaries, runningInstances });
      if (d.llmJournal) registerLlmCallRoutes(admin, d.llmJournal);
    },
    async close() {
      clearInterval(llmWatch);
      unsubscribeLogs?.();
      dashboard.close();
      await inbox?.close();
    },
  };
}

/**
 * Every route localhooks itself serves under `/.localhooks/` (offline LLM, admin API, dashboard) and the coho
 * CLI's calls, registered on the emulator's fastify instance. runtime/app.ts imports this module when that
 * instance is first needed, so none of it is loaded by a server whose only traffic is the app's.
 */
import type { FastifyInstance } from 'fastify';
import { registerAdminRoutes } from './admin/admin.routes.js';
import type { Clock } from './clock.js';
import type { SdkInfo } from './compiler/index.js';
import { registerCronRoutes } from './cron/cron.routes.js';
import type { CronService } from './cron/index.js';
import type { DashboardTools } from './dashboard-tools.js';
import type { DataTools } from './data-tools.js';
import type { DataServices } from './services.js';
import { registerFileRoutes } from './files/files.routes.js';
import type { FilesService } from './files/index.js';
import { registerLlmAdminRoutes } from './llm/llm-admin.routes.js';
import { registerLlm } from './llm/index.js';
import type { LlmOptions } from './llm/types.js';
import type { LlmMode } from './llm-config.js';
import type { FaultBoard } from './llm/fault-board.js';
import { loadQueue, workflowInstanceKey } from './queue/index.js';
import { registerQueueRoutes } from './queue/queue.routes.js';
import type { RealtimeService } from './realtime/index.js';
import { registerRealtimeRoutes } from './realtime/realtime.routes.js';
import type { RunnerHost } from './runner/host.js';
import { UPLOAD_LIMIT } from './server/request-body.js';
import type { Store } from './storage/index.js';
import { instanceWork, WORKFLOW_COLLECTION, workflowSummaries, type WorkflowInstanceDoc } from './workflow/index.js';
import { registerWorkflowRoutes } from './workflow/workflow.routes.js';

export interface EmulatorRouteDeps {
  /** The LLM plugin's options, with the journal and script the test kit reads. */
  llm: LlmOptions;
  llmMode: LlmMode;
  faults: FaultBoard;
  /** `false` serves the offline LLM only (`localhooks serve`). */
  admin: boolean;
  open?: boolean;
  started: number;
  host: RunnerHost;
  sdk(): SdkInfo | null;
  env(): Record<string, string>;
  clock: Clock;
  store: Store;
  data: DataServices;
  cron: CronService;
  realtime: RealtimeService;
  files: FilesService;
  dash: DashboardTools;
  tools: DataTools;
}

export async function registerEmulatorRoutes(server: FastifyInstance, d: EmulatorRouteDeps): Promise<void> {
  const { broker, datastore } = d.data;
  await registerLlm(server, d.llm);
  if (!d.admin) return;
  await registerAdminRoutes(server, {
    started: d.started,
    host: d.host,
    sdk: d.sdk,
    env: d.env,
    open: d.open,
    extra: async (admin) => {
      registerQueueRoutes(admin, {
        broker,
        now: () => d.clock.now(),
        // Done records are pruned from memory; the last ones of each topic are still on disk.
        doneRecords: async () => {
          await broker.flush();
          return (await loadQueue(d.store)).records.filter((r) => r.state === 'done');
        },
      });
      registerCronRoutes(admin, { cron: d.cron });
      registerRealtimeRoutes(admin, { realtime: d.realtime });
      registerLlmAdminRoutes(admin, { faults: d.faults, mode: d.llmMode });
      await d.dash.register(admin);
      await registerFileRoutes(admin, { files: d.files, uploadLimit: UPLOAD_LIMIT });
      registerWorkflowRoutes(admin, {
        summaries: (reverse) => workflowSummaries(datastore.summaries(WORKFLOW_COLLECTION, reverse)),
        getInstance: (id) => datastore.call('findOneOrNull', [WORKFLOW_COLLECTION, { _id: id }]) as Promise<WorkflowInstanceDoc | null>,
        stepItems: (id) => broker.records().filter((r) => workflowInstanceKey(r.topic, r.payload) === `workflow:${id}`).map(({ payload: _p, ...r }) => r),
        instanceWork: () => instanceWork(broker.records().map((r) => ({ id: workflowInstanceKey(r.topic, r.payload)?.slice('workflow:'.length), state: r.state }))),
      });
      await d.tools.register(admin);
    },
  });
}

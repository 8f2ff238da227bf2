import { EventEmitter } from 'node:events';
import { join, relative, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { healthReport } from './admin/health.js';
import { LLM_PREFIX } from './admin/prefix.js';
import { FakeClock, SteppableClock, systemClock, type Clock } from './clock.js';
import { AppCompiler, sdkDependencies, type BuildResult, type SdkInfo } from './compiler/index.js';
import { createCronService, type CronService } from './cron/index.js';
import { createDashboardTools } from './dashboard-tools.js';
import { DASHBOARD_PATH } from './dashboard/index.js';
import type { InboxOptions } from './inbox/types.js';
import { createFilesService } from './files/index.js';
import { renderBanner } from './dev/banner.js';
import { ReloadPipeline } from './dev/reload.js';
import type { DevWatcher } from './dev/watcher.js';
import { loadDotenv } from './env/dotenv.js';
import { LocalhooksError } from './errors.js';
import type { FaultBoard } from './llm/fault-board.js';
import { LlmJournal } from './llm/journal.js';
import { LlmScript } from './llm/script.js';
import { createLogger, type Logger, type LogLevel } from './logger.js';
import type { QueueBroker } from './queue/index.js';
import { createDataServices, type CallObserver } from './services.js';
import { createRealtimeService } from './realtime/index.js';
import { RunnerHost } from './runner/host.js';
import type { ManifestSummary } from './runner/protocol.js';
import type { Runner } from './runner/runner.js';
import { createGateway } from './server/gateway.js';
import { createHostCheck } from './server/host-check.js';
import { createHttpServer, type HttpLimits } from './server/index.js';
import { BodySpool } from './server/request-body.js';
import { createAppCors } from './server/origin-policy.js';
import { acquireDataLock, openStore, type StoreOptions } from './storage/index.js';
import { DirectControl, MAIN_OWNER } from './storage/direct-control.js';
import { SharedKeyLock } from './datastore/shared-key-lock.js';
import { LISTENERS_PREFIX, PUBLISH_PREFIX } from '../sdk/contract/realtime.js';
import { createCluster } from './cluster/index.js';
import { resolveLlmOptions, type LlmCliOptions } from './llm-config.js';
import { WORKFLOW_COLLECTION, workflowSummaries } from './workflow/index.js';
import { idleSettler, trackCalls, type TrackedBackend } from './work.js';
import { createDataTools } from './data-tools.js';
import { LogBuffer, teeLogger } from './logs/log-buffer.js';
import type { SnapshotService } from './snapshot/index.js';
import type { TimeService } from './time/index.js';

export interface LocalhooksOptions {
  appDir: string;
  /** 0 picks a free port. Default 8080. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1 (0.0.0.0 inside Docker). */
  host?: string;
  space?: string;
  dataDir?: string;
  /** Where compiled bundles go. Default `<appDir>/.localhooks/build` (a read-only app mount needs another). */
  buildDir?: string;
  apiKeys?: string[];
  watch?: boolean;
  poll?: boolean;
  logLevel?: LogLevel;
  logger?: Logger;
  /** Handler timeout before a 504. Default 30 s. */
  timeoutMs?: number;
  storage?: 'level' | 'memory';
  /** A `postgres://` URL: data lives there instead of the data folder, shared by every process given it (docs/scale-out.md). */
  store?: string;
  /** Serve the admin API and dashboard under /.localhooks. Default true (`localhooks serve` turns it off). */
  admin?: boolean;
  clock?: Clock;
  llm?: LlmCliOptions;
  /** Extra environment for the app, over its `.env` (tests set secrets this way). */
  env?: Record<string, string>;
  /** Answer the admin API for non-loopback clients too (Docker publishes the port to the host). */
  adminOpen?: boolean;
  /** Unread bytes a realtime client may queue before it is dropped. Default 1 MiB. */
  realtimeBufferBytes?: number;
  /** Model calls the LLM journal keeps (the test kit's `server.llm.calls`). Default 0: none. */
  llmJournal?: number;
  /** Host names served besides localhost, *.localhost, IP addresses and `host` (`--allowed-host`; docs/security.md). */
  allowedHosts?: string[];
  /** Origins whose pages may call the app's routes besides loopback pages (`--cors`), or `*` for any. */
  cors?: string[];
  /** URL length and slow-client timeouts (tests shorten them). */
  httpLimits?: Partial<HttpLimits>;
  /** The request inbox: how many requests it keeps (default 1,000) and bytes per body; `false` turns it off. */
  inbox?: InboxOptions | false;
  /** Where `localhooks snapshot` keeps snapshots. Default `<appDir>/.localhooks/snapshots`. */
  snapshotsDir?: string;
}

export interface Localhooks {
  url: string;
  port: number;
  /** The fastify instance serving `/.localhooks/*`, built with its routes on first use (see runtime/server/index.ts). */
  emulator(): Promise<FastifyInstance>;
  events: EventEmitter;
  host: RunnerHost;
  reload: ReloadPipeline;
  manifest(): ManifestSummary | null;
  /** The services the test kit reads and drives (`localhooks/testing`). */
  clock: Clock;
  broker: QueueBroker;
  cron: CronService;
  /** The app's datastore calls, counted while in flight. */
  backend: TrackedBackend;
  llm: { journal: LlmJournal; script: LlmScript; faults: FaultBoard };
  /** The last log lines (localhooks' and the app's), and the live ones. */
  logs: LogBuffer;
  /** The clock as `localhooks time` sees and moves it. */
  time: TimeService;
  snapshots: SnapshotService;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 8080;
export const DEFAULT_TIMEOUT_MS = 30_000;

/** The composition root: wires storage, datastore, queues, cron, LLM, gateway, compiler, runner and watcher. */
export async function startLocalhooks(options: LocalhooksOptions): Promise<Localhooks> {
  const appDir = resolve(options.appDir);
  const space = options.space ?? 'dev';
  const dataDir = resolve(options.dataDir ?? join(appDir, '.localhooks', 'data'));
  const logs = new LogBuffer();
  const logger = teeLogger(options.logger ?? createLogger({ level: options.logLevel ?? 'info' }), logs);
  const clock = options.clock ?? systemClock;
  const apiKeys = options.apiKeys ?? [];
  const events = new EventEmitter();

  const compiler = new AppCompiler(appDir, resolve(options.buildDir ?? join(appDir, '.localhooks', 'build')));
  const readEnv = async () => ({ ...(await loadDotenv(join(appDir, '.env'))), ...(options.env ?? {}) });
  let appEnv = await readEnv();
  const llm = resolveLlmOptions(options.llm ?? {}, { ...process.env, ...appEnv }, dataDir, logger);

  // The memory backend (tests) shares no folder with anyone, and a PostgreSQL store is shared on purpose: no lock.
  const lock = options.storage === 'memory' || options.store ? null : await acquireDataLock(dataDir, { port: options.port ?? DEFAULT_PORT, logger });
  const storeOptions: StoreOptions = options.store ? { backend: 'postgres', url: options.store } : options.storage === 'memory' ? { backend: 'memory' } : { backend: 'level', path: join(dataDir, 'db') };
  const store = await openStore(storeOptions).catch(async (err) => {
    await lock?.release();
    throw err;
  });
  // The first build runs in esbuild's own process while the services and routes are set up here.
  const firstBuild = compiler.build();
  const cluster = await createCluster(store, logger);
  // On LevelDB the coderunner threads answer the app's own datastore calls themselves; the test kit's manual
  // clock waits for every call the app makes (even one not awaited), so it keeps them all on this thread.
  const direct = storeOptions.backend === 'level' && !cluster && !(clock instanceof FakeClock) ? new DirectControl() : undefined;
  const locks = cluster?.locks ?? (direct ? new SharedKeyLock(direct.cells.stripes, MAIN_OWNER) : undefined);
  const data = await createDataServices({ store: cluster?.store ?? store, clock, logger, locks, queueOptions: cluster?.queueOptions, direct });
  cluster?.onMetaChange(() => data.exclusive(() => data.datastore.reload()));
  const { datastore, broker } = data;
  const backend = trackCalls(data.backend);
  const llmTools = { journal: new LlmJournal(options.llmJournal ?? 0), script: new LlmScript(), faults: llm.faults };
  const realtime = createRealtimeService({ backend: data.backend, logger, maxBufferedBytes: options.realtimeBufferBytes });
  const toRealtime: CallObserver = (method, args, result) => realtime.observe(method, args, result);
  data.observe(cluster ? cluster.observe(toRealtime) : toRealtime, [LISTENERS_PREFIX, PUBLISH_PREFIX]);
  const cron = createCronService({ clock, logger, claim: cluster?.claim });
  const files = createFilesService({ blobDir: join(dataDir, 'files') });
  const spool = new BodySpool(join(dataDir, 'tmp', 'uploads'));
  const startedAt = Date.now();
  // A clock that can be moved waits, after each timer it fires, for the work that timer started.
  if (clock instanceof SteppableClock) clock.settleWith(idleSettler([broker, cron, backend], logger));

  const hosts = createHostCheck({ listenHost: options.host, allowed: options.allowedHosts });
  const cors = createAppCors({ origins: options.cors, apiKeys: apiKeys.length > 0 });
  const http = createHttpServer({
    logger,
    hosts,
    limits: options.httpLimits,
    adminOpen: options.adminOpen,
    health: options.admin === false ? undefined : () => healthReport({ started: startedAt, host, sdk: () => sdk }),
  });
  let port = options.port ?? DEFAULT_PORT;
  let lastBuild: Extract<BuildResult, { ok: true }> | null = null;
  let sdk: SdkInfo | null = null;

  /** A worker or job still running past its timeout may have blocked the thread: the host checks and replaces it. */
  const watchRunner = <T>(runner: Runner, work: Promise<T>, ms: number): Promise<T> => {
    const t = setTimeout(() => void host.checkHealth(runner), ms);
    return work.finally(() => clearTimeout(t));
  };
  const preload = sdkDependencies();
  const host = new RunnerHost({
    backend,
    direct: direct && storeOptions.backend === 'level' ? { control: direct, path: storeOptions.path, observed: () => data.observed(), notify: data.notify, enqueued: (rec, load) => direct.currentLoad(load) && broker.adopt([rec]) } : undefined,
    logger,
    warmSpare: options.watch !== false,
    init: () => ({
      preload: [...preload, ...compiler.preloads()],
      appDir,
      blobDir: files.dir,
      gatewayOrigin: `http://127.0.0.1:${port}`,
      openaiBase: `http://127.0.0.1:${port}${LLM_PREFIX}`,
      debugLogs: logger.level === 'debug',
      appClock: clock.sharedCell?.(),
    }),
    env: () => ({ ...(process.env as Record<string, string>), ...llm.appEnv(port), ...appEnv }),
    beforeStart: async () => {
      cron.stop();
      await broker.detach();
    },
    afterSwap: (runner) => attachRunner(runner),
  });
  // With the port known, the first thread boots now, beside the build and the setup below (its env names the port).
  if (port !== 0) host.prewarm();
  function attachRunner(runner: Runner): void {
    const m = runner.manifest!;
    const jobTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    // Sharing a store, only the process holding the queue lead delivers (runtime/cluster/queue-share.ts).
    if (!queueRole || queueRole.leading) broker.attach(m.workers, (topic, payload) => watchRunner(runner, runner.callQueue(topic, payload), m.workers[topic]?.timeout ?? DEFAULT_TIMEOUT_MS));
    cron.schedule(m.jobs.map((expr) => ({ id: expr, expr })), (id) => watchRunner(runner, runner.callJob(id), jobTimeout));
  }
  const queueRole = cluster ? await cluster.shareQueue(broker, () => host.current?.manifest && attachRunner(host.current)) : null;
  const tools = createDataTools({
    data,
    store,
    clock,
    cron,
    logger,
    logs,
    dataDir,
    snapshotsDir: resolve(options.snapshotsDir ?? join(appDir, '.localhooks', 'snapshots')),
    pause: async () => {
      cron.stop();
      await broker.detach();
    },
    resume: () => {
      if (host.current?.manifest) attachRunner(host.current);
    },
  });

  const reload = new ReloadPipeline({
    compiler,
    host,
    logger,
    reloadEnv: async () => {
      appEnv = await readEnv();
      logger.info('.env changed: restarting the app with the new environment');
    },
    onBuilt: (r) => {
      lastBuild = r;
      sdk = r.sdk;
      watcher?.add(compiler.outsideInputs(r.inputs));
    },
  });
  const dash = await createDashboardTools({
    store,
    clock,
    logger,
    backend,
    observe: data.observe,
    watchWrites: (on) => direct?.watch(on),
    broker,
    host,
    reload,
    entry: () => relative(appDir, compiler.entry),
    sdk: () => sdk,
    env: () => appEnv,
    space,
    dataDir,
    inbox: options.inbox,
    llmJournal: llmTools.journal,
    logs,
    workflowSummaries: () => workflowSummaries(datastore.summaries(WORKFLOW_COLLECTION)),
  });
  reload.on('reloaded', (e) => events.emit('reloaded', e));
  reload.on('build-error', (e) => events.emit('build-error', e));

  // Requests that arrive before the first build and load ended wait for them (the gateway holds them).
  let endFirstStart!: () => void;
  let firstStart: Promise<void> | null = new Promise<void>((r) => (endFirstStart = r));
  http.setAppHandler(
    createGateway({
      space,
      host,
      logger,
      apiKeys,
      cors,
      appDir,
      secrets: () => Object.values(appEnv),
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      realtime,
      inbox: dash.inbox ?? undefined,
      spool,
      starting: () => firstStart,
      notReadyReason: () =>
        reload.lastBuildError ? `The app failed to build or load:\n${reload.lastBuildError}` : 'The app is starting, try again in a moment',
    }),
  );
  http.setEmulatorRoutes(async (fastify) => {
    const { registerEmulatorRoutes } = await import('./emulator-routes.js');
    await registerEmulatorRoutes(fastify, {
      llm: { ...llm.pluginOptions, ...llmTools },
      llmMode: llm.mode,
      faults: llmTools.faults,
      admin: options.admin !== false,
      open: options.adminOpen,
      started: startedAt,
      host,
      sdk: () => sdk,
      env: () => appEnv,
      clock,
      store,
      data,
      cron,
      realtime,
      files,
      dash,
      tools,
    });
  });

  const portWasKnown = port !== 0;
  try {
    await spool.reset();
    port = await http.listen(port, options.host ?? '127.0.0.1');
  } catch (err) {
    realtime.close();
    await dash.close();
    await Promise.allSettled([broker.close(), datastore.close()]);
    await cluster?.close();
    await store.close();
    await lock?.release();
    await firstBuild.catch(() => {});
    await host.close();
    await compiler.dispose();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new LocalhooksError('LH_PORT_IN_USE', `Port ${port} is already in use. Stop the other server or pick another port: --port ${port + 1}`, { status: 500 });
    }
    throw err;
  }
  if (!portWasKnown) host.prewarm();
  await lock?.setPort(port);
  const url = `http://localhost:${port}/${space}`;
  dash.listening(port, url);

  let watcher: DevWatcher | null = null;
  let bannerShown = false;
  const showBanner = (manifest: ManifestSummary, compileMs: number) => {
    bannerShown = true;
    logger.info(renderBanner({ url, dashboard: options.admin === false ? 'off (localhooks serve --admin turns it on)' : `http://localhost:${port}${DASHBOARD_PATH}`, compileMs, manifest, sdk, entry: compiler.entry, dataDir: cluster?.label ?? dataDir, apiKeys: apiKeys.length > 0, cors: cors.describe(), hosts: hosts.describe(), llm: llm.banner, envNames: Object.keys(appEnv) }));
  };
  // An app that failed to build at start gets its banner with the first version that serves.
  reload.on('reloaded', (e: { buildMs: number }) => {
    const m = host.current?.manifest;
    if (!bannerShown && m) showBanner(m, e.buildMs);
  });
  // Part files of writes a crash cut short: invisible to the app already, removed here.
  void files.sweep(startedAt).then((n) => n > 0 && logger.info(`removed ${n} unfinished file write(s) left by a previous run`), () => {});
  const first = await firstBuild;
  if (!first.ok) {
    reload.lastBuildError = first.message;
    logger.error(`Build failed — fix the error and save; localhooks will reload:\n${first.message}`);
  } else {
    lastBuild = first;
    sdk = first.sdk;
    try {
      showBanner(await host.deploy(first.bundlePath), first.ms);
      for (const w of first.warnings) logger.warn(w);
    } catch (err) {
      reload.lastBuildError = (err as Error).stack ?? (err as Error).message;
      logger.error(`The app failed to load — fix it and save; localhooks will reload:\n${(err as Error).message}`);
    }
  }
  endFirstStart();
  firstStart = null;
  if (!bannerShown) logger.warn(`localhooks is listening at ${url}; the app will be served once it builds and loads`);
  if (options.watch !== false) {
    // chokidar loads here, after the first answer, not before it.
    const { DevWatcher } = await import('./dev/watcher.js');
    watcher = new DevWatcher(appDir, { poll: options.poll === true, onChange: (kind, path) => reload.trigger(kind, path) });
    if (lastBuild) watcher.add(compiler.outsideInputs((lastBuild as Extract<BuildResult, { ok: true }>).inputs));
    await watcher.ready;
  }

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    emulator: http.emulator,
    events,
    host,
    reload,
    manifest: () => host.current?.manifest ?? null,
    clock,
    broker,
    cron,
    backend,
    llm: llmTools,
    logs,
    time: tools.time,
    snapshots: tools.snapshots,
    close: () =>
      (closing ??= (async () => {
        await watcher?.close();
        reload.close();
        await reload.idle();
        cron.stop();
        await broker.detach();
        await host.close();
        realtime.close();
        await dash.close();
        await http.close();
        await compiler.dispose();
        await broker.close();
        await datastore.close();
        await cluster?.close();
        await store.close();
        await lock?.release();
      })()),
  };
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

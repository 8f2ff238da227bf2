/**
 * Runs the real codehooks-js workflow engine in-process: `globalThis.DB` is a conn over the datastore service
 * with the queue methods routed to the broker, the SDK is imported after that (it reads `DB` at import), and
 * the broker delivers to the manifest's workers the way the platform calls them.
 *
 * One SDK singleton per process: each test file that uses this runs in its own process (node --test). A file may
 * start several runtimes (say memory and PostgreSQL): `DB` stays one object and `use()` points it at a runtime.
 */
import { test } from 'node:test';
import { FakeClock } from '../../runtime/clock.js';
import { createMemoryLogger } from '../../runtime/logger.js';
import { openStore, type Store } from '../../runtime/storage/index.js';
import { createConn, type Conn, type DatastoreService } from '../../runtime/datastore/index.js';
import { createDataServices } from '../../runtime/services.js';
import type { QueueBroker, TopicConfig } from '../../runtime/queue/index.js';

type Handler = (req: unknown, res: unknown) => unknown;

export interface Manifest {
  workerhooks?: Record<string, Handler[]>;
  queuehooks?: Record<string, Handler[]>;
  settings?: Record<string, unknown>;
}

export interface WorkflowRuntime {
  store: Store;
  clock: FakeClock;
  logger: ReturnType<typeof createMemoryLogger>;
  datastore: DatastoreService;
  broker: QueueBroker;
  conn: Conn;
  /** The SDK module (`codehooks-js`), imported after DB was installed. */
  sdk: typeof import('codehooks-js');
  /** Makes the SDK's `DB.open()` (and `Datastore.open()`) answer with this runtime's conn. */
  use(): void;
  /** Hands the manifest's workers to the broker (topics and their `queue_worker:<topic>` settings). */
  attach(manifest: Manifest): void;
  close(): Promise<void>;
}

/** Calls a worker like the platform: `handler({body: {payload}}, {end})`; done at `end()` or when its promise settles. */
export function callWorker(handler: Handler, payload: unknown): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const res = { end: () => resolve() };
    Promise.resolve()
      .then(() => handler({ body: { payload } }, res))
      .then(() => resolve(), reject);
  });
}

let current: Conn | null = null;
const SHARED_DB = { open: async (): Promise<Conn> => current! };

export async function startWorkflowRuntime(opts: { store?: Store; clock?: FakeClock; quiet?: boolean } = {}): Promise<WorkflowRuntime> {
  if (opts.quiet !== false) silenceSdkConsole();
  const store = opts.store ?? (await openStore({ backend: 'memory' }));
  const clock = opts.clock ?? new FakeClock(Date.now());
  const logger = createMemoryLogger('info');
  const { datastore, broker, backend } = await createDataServices({ store, clock, logger });
  const conn = createConn(backend);
  // The SDK keeps the first `DB` object it sees (as `Datastore`): keep one and switch what it opens.
  current = conn;
  (globalThis as Record<string, unknown>).DB = SHARED_DB;
  const sdk = await import('codehooks-js');
  return {
    store,
    clock,
    logger,
    datastore,
    broker,
    conn,
    sdk,
    use: () => void (current = conn),
    attach(manifest) {
      const hooks = { ...(manifest.queuehooks ?? {}), ...(manifest.workerhooks ?? {}) };
      const configs: Record<string, TopicConfig> = {};
      for (const topic of Object.keys(hooks)) configs[topic] = (manifest.settings?.[`queue_worker:${topic}`] as TopicConfig) ?? {};
      broker.attach(configs, (topic, payload) => callWorker(hooks[topic]![0]!, payload));
    },
    async close() {
      await broker.close();
      await datastore.close();
      await store.close();
    },
  };
}

/** The SDK logs every step with console.debug/log (and the whole DB object); keep test output readable. */
function silenceSdkConsole(): void {
  for (const level of ['debug', 'log', 'info', 'error', 'warn'] as const) console[level] = () => {};
}

/**
 * A test run as one subtest per runtime (memory, PostgreSQL …), each keeping its data; `select` points the file's
 * current runtime at the one running, and the first is current again afterwards.
 */
export function eachRuntimeTest(name: string, runtimes: WorkflowRuntime[], select: (r: WorkflowRuntime) => void, body: () => Promise<void>): void {
  test(name, async (t) => {
    for (const r of runtimes) {
      await t.test(r.store.backend, async () => {
        select(r);
        r.use();
        await body();
      });
    }
    select(runtimes[0]!);
    runtimes[0]!.use();
  });
}

/** Polls an async condition between event-loop turns (no fixed sleeps); resolves with its first truthy value. */
export async function until<T>(probe: () => Promise<T | undefined | null | false>, label: string, timeoutMs = 5_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${label}`);
    await new Promise<void>((r) => setImmediate(r));
  }
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../runtime/clock.js';
import { createLogger } from '../../runtime/logger.js';
import { openStore } from '../../runtime/storage/index.js';
import { createConn } from '../../runtime/datastore/index.js';
import { createDataServices } from '../../runtime/services.js';
import type { TopicConfig } from '../../runtime/queue/index.js';
import { CountingStore, writeFloorMs } from './counting-store.js';

export interface WorkflowResult {
  instances: number;
  steps: number;
  transitions: number;
  ms: number;
  transitionsPerSec: number;
  batches: number;
  ops: number;
  floorMs: number;
  ratio: number;
}

type Handler = (req: unknown, res: { end(): void }) => unknown;
type Goto = (next: string | null, state: Record<string, unknown>) => void;

/**
 * `instances` runs of a `steps`-step linear workflow on the real SDK engine in-process (the SDK is imported
 * once per process: call this once). A transition is one step executed (its queue item and its state writes).
 */
export async function benchWorkflow(instances: number, steps: number): Promise<WorkflowResult> {
  const dir = await mkdtemp(join(tmpdir(), 'lh-bench-wf-'));
  const restore = silenceConsole();
  try {
    const level = await openStore({ backend: 'level', path: join(dir, 'db') });
    const store = new CountingStore(level);
    const logger = createLogger({ level: 'silent' });
    const { datastore, broker, backend } = await createDataServices({ store, clock: systemClock, logger });
    const conn = createConn(backend);
    (globalThis as Record<string, unknown>).DB = { open: async () => conn };
    const { app } = (await import('codehooks-js')) as unknown as { app: any };

    const names = Array.from({ length: steps }, (_, i) => `step${i + 1}`);
    const definition = Object.fromEntries(
      names.map((name, i) => [name, (state: Record<string, unknown>, goto: Goto) => goto(names[i + 1] ?? null, { ...state, [name]: true })]),
    );
    const wf = app.createWorkflow('bench', 'benchmark workflow', definition);
    let completed = 0;
    let allDone!: () => void;
    const done = new Promise<void>((r) => (allDone = r));
    wf.on('completed', () => {
      if (++completed === instances) allDone();
    });
    const manifest = app.init() as { workerhooks: Record<string, Handler[]>; settings: Record<string, unknown> };
    const configs: Record<string, TopicConfig> = {};
    for (const topic of Object.keys(manifest.workerhooks)) configs[topic] = (manifest.settings[`queue_worker:${topic}`] as TopicConfig) ?? {};
    broker.attach(configs, (topic, payload) => callWorker(manifest.workerhooks[topic]![0]!, payload));

    store.reset();
    const started = performance.now();
    for (let i = 0; i < instances; i++) await wf.start({ i });
    await done;
    const ms = performance.now() - started;
    const load = { batches: store.batches, ops: store.ops, bytes: store.bytes };
    await broker.close();
    await datastore.close();
    await store.close();

    const floorStore = await openStore({ backend: 'level', path: join(dir, 'floor') });
    const floorMs = await writeFloorMs(floorStore, load);
    await floorStore.close();
    const transitions = instances * steps;
    return { instances, steps, transitions, ms, transitionsPerSec: (transitions / ms) * 1000, ...load, floorMs, ratio: ms / floorMs };
  } finally {
    restore();
    await rm(dir, { recursive: true, force: true });
  }
}

function callWorker(handler: Handler, payload: unknown): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    Promise.resolve()
      .then(() => handler({ body: { payload } }, { end: () => resolve() }))
      .then(() => resolve(), reject);
  });
}

/** The SDK logs every step (and the whole DB object) with console.debug/log; that would be the benchmark. */
function silenceConsole(): () => void {
  const saved = { debug: console.debug, log: console.log, info: console.info };
  console.debug = console.log = console.info = () => {};
  return () => Object.assign(console, saved);
}

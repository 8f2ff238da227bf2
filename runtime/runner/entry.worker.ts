import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { installAppClock } from '../../sdk/app-clock.worker.js';
import { installAppGlobals } from '../../sdk/globals.worker.js';
import { bridgeConsole } from './console-bridge.worker.js';
import { serializeError, type FromWorker, type ManifestSummary, type ToWorker } from './protocol.js';
import { RpcClient } from './rpc-client.worker.js';
import { DirectBackend } from './direct-backend.worker.js';
import { Router, type AppManifest, type Hook } from './router.worker.js';
import type { WorkerData } from './worker-init.js';
import { Dispatcher } from './dispatcher.worker.js';
import { Batcher, isBatch } from './batcher.js';

/** One coderunner generation: installs the contract's globals, evaluates the app bundle, serves its work. */
const port = parentPort!;
const init = workerData as WorkerData;
if (init.appClock) installAppClock(init.appClock);
const progress = new Int32Array(init.progress);
process.setSourceMapsEnabled(true);
bridgeConsole(port, init.debugLogs);

// CONTRACT-30: the SDK leaves rejections unhandled and emits `error` without listeners; log, never exit.
process.on('unhandledRejection', (reason) => console.error('Unhandled rejection in app code:', reason));
process.on('uncaughtException', (err) => console.error('Uncaught exception in app code:', err));

// Answers, completions and datastore calls go out in order, batched per event-loop turn; a call whose
// arguments cannot be cloned is rejected to its caller.
const outbox: Batcher<FromWorker> = new Batcher<FromWorker>((m) => port.postMessage(m), (m, err) => rpc.failed(m, err));
const rpc = new RpcClient(outbox);
// On a LevelDB shared with the main thread, the app's own datastore calls are answered here (issue 16).
const direct = init.direct
  ? new DirectBackend(
      rpc,
      init.direct,
      (method, args, result) => outbox.push({ type: 'observed', method, args, result }),
      (record, load) => outbox.push({ type: 'enqueued', record, load }),
    )
  : null;
const conn = installAppGlobals(direct ?? rpc, init);

let dispatcher: Dispatcher | undefined;
const early: ToWorker[] = [];

port.on('message', (m: ToWorker | { type: 'batch'; msgs: ToWorker[] }) => {
  if (isBatch(m)) for (const x of m.msgs) receive(x);
  else receive(m);
});

function receive(msg: ToWorker): void {
  if (Array.isArray(msg)) {
    if (!dispatcher) return void early.push(msg);
    return dispatcher.handle(msg);
  }
  if (msg.type === 'rpc-result') return rpc.settle(msg.id, msg.ok, msg.ok ? msg.value : msg.error);
  if (msg.type === 'ping') return port.postMessage({ type: 'pong', id: msg.id });
  if (msg.type === 'load') {
    direct?.configure(msg.observed);
    return void load(msg.bundlePath);
  }
  if (!dispatcher) return void early.push(msg);
  dispatcher.handle(msg);
}

// A failed preload only costs speed: the bundle imports the module again and reports real errors.
const preloaded = Promise.all(init.preload.map((p) => import(pathToFileURL(p).href).catch(() => {})));
await preloaded;
port.postMessage({ type: 'booted' });

async function load(bundlePath: string): Promise<void> {
  let mod: Record<string, unknown>;
  // A load may arrive while the thread still boots: the bundle must not race the preloads' evaluation.
  await preloaded;
  try {
    mod = (await import(pathToFileURL(bundlePath).href)) as Record<string, unknown>;
  } catch (err) {
    port.postMessage({ type: 'load-error', kind: 'throw', error: serializeError(err) });
    return;
  }
  const manifest = (mod.default ?? mod) as AppManifest & Record<string, unknown>;
  if (!manifest || typeof manifest !== 'object' || typeof manifest.routehooks !== 'object') {
    const error = new Error('The app does not export a manifest: end your entry file with `export default app.init();`');
    port.postMessage({ type: 'load-error', kind: 'no-manifest', error: serializeError(error) });
    return;
  }
  const app = manifest.app as { setDatastore?: (ds: unknown) => void; render?: Hook } | undefined;
  try {
    app?.setDatastore?.(conn);
  } catch (err) {
    console.error('setDatastore failed:', err);
  }
  // Workflow registration is async in the SDK: let it finish before reading the workers.
  await new Promise((r) => setImmediate(r));
  const router = new Router(manifest);
  dispatcher = new Dispatcher(outbox, manifest, router, app?.render as never, progress);
  port.postMessage({ type: 'loaded', manifest: summarize(manifest, router) });
  for (const m of early.splice(0)) dispatcher.handle(m);
}

function summarize(manifest: AppManifest & Record<string, unknown>, router: Router): ManifestSummary {
  const settings = (manifest.settings ?? {}) as Record<string, unknown>;
  const workerTopics = { ...((manifest.queuehooks as object) ?? {}), ...((manifest.workerhooks as object) ?? {}) };
  const workers: ManifestSummary['workers'] = {};
  for (const topic of Object.keys(workerTopics)) {
    const opts = settings[`queue_worker:${topic}`] as { workers?: number; timeout?: number } | undefined;
    workers[topic] = { workers: opts?.workers, timeout: opts?.timeout };
  }
  return {
    routes: router.list(),
    auth: Object.keys(manifest.authhooks ?? {}),
    middleware: (manifest.globalhooks ?? []).length,
    workers,
    jobs: Object.keys((manifest.jobhooks as object) ?? {}),
    realtime: Object.keys((manifest.realtime as object) ?? {}),
    hasStartup: typeof manifest.startup === 'function',
  };
}

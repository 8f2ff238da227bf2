import { test } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../../runtime/clock.js';
import { createMemoryLogger } from '../../runtime/logger.js';
import { openStore, type Store } from '../../runtime/storage/index.js';
import { createQueueBroker, type BrokerOptions, type QueueBroker } from '../../runtime/queue/index.js';
import { freshPostgres, type Backend } from './datastore-backends.js';

export interface Deferred<T = void> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (err: unknown) => void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Polls `cond` between event-loop turns (no fixed sleeps); fails after `timeoutMs` of real time. */
export async function waitFor(cond: () => boolean, label = 'condition', timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${label}`);
    await new Promise<void>((r) => setImmediate(r));
  }
}

export async function tempDir(prefix = 'lh-queue-'): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export interface Harness {
  store: Store;
  clock: FakeClock;
  logger: ReturnType<typeof createMemoryLogger>;
  broker: QueueBroker;
  close(): Promise<void>;
}

/** A broker on a memory store (or a level store at `path`) with a FakeClock and a memory logger. */
export async function openHarness(
  opts: { path?: string; clock?: FakeClock; options?: BrokerOptions; store?: Store } = {},
): Promise<Harness> {
  const store = opts.store ?? (opts.path ? await openStore({ backend: 'level', path: opts.path }) : await openStore({ backend: 'memory' }));
  const clock = opts.clock ?? new FakeClock();
  const logger = createMemoryLogger();
  const broker = await createQueueBroker({ store, clock, logger, options: opts.options });
  return {
    store,
    clock,
    logger,
    broker,
    async close() {
      await broker.close();
      await store.close();
    },
  };
}

export type OpenHarness = (opts?: { clock?: FakeClock; options?: BrokerOptions }) => Promise<Harness>;

/**
 * Runs the body on a memory store and on PostgreSQL (an emptied database per test file), as subtests: for the
 * broker's core semantics. LevelDB has its own restart tests; timing-heavy tests stay on memory only.
 */
export function storesTest(name: string, body: (open: OpenHarness, backend: Backend) => Promise<void>): void {
  test(name, async (t) => {
    for (const backend of ['memory', 'postgres'] as const) {
      await t.test(backend, () => body(async (opts = {}) => openHarness({ ...opts, store: backend === 'postgres' ? await freshPostgres() : undefined }), backend));
    }
  });
}

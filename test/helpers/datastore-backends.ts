import { test } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../../runtime/clock.js';
import { createMemoryLogger } from '../../runtime/logger.js';
import { openStore, type KeyRange, type PgStore, type Store, type StoreBackend } from '../../runtime/storage/index.js';
import { testDatabase } from './postgres.js';
import { createConn, createDatastore, type Conn, type DatastoreService } from '../../runtime/datastore/index.js';
import type { ConnBackend } from '../../sdk/contract/calls.js';

export type Backend = 'memory' | 'level' | 'postgres';
export const BACKENDS: readonly Backend[] = ['memory', 'level', 'postgres'];

let pgDatabase: Promise<string> | null = null;

/** One database per test file, emptied for each test (tests in a file run one at a time). */
export async function freshPostgres(): Promise<PgStore> {
  const url = await (pgDatabase ??= testDatabase());
  const store = (await openStore({ backend: 'postgres', url })) as PgStore;
  await store.pool.query('TRUNCATE lh_kv, lh_claims, lh_events');
  return store;
}

/** An empty store of `backend` (LevelDB in `dir`), for suites that build their own services on it. */
export async function emptyStore(backend: Backend, dir: string): Promise<Store> {
  if (backend === 'postgres') return freshPostgres();
  return backend === 'level' ? openStore({ backend: 'level', path: dir }) : openStore({ backend: 'memory' });
}

/** Counts range reads by key prefix, so tests can tell an index lookup from a full scan. */
export class CountingStore implements Store {
  readonly inner: Store;
  readonly scans: string[] = [];

  constructor(inner: Store) {
    this.inner = inner;
  }
  get backend(): StoreBackend {
    return this.inner.backend;
  }
  get = (k: string) => this.inner.get(k);
  getMany = (k: string[]) => this.inner.getMany(k);
  put = (k: string, v: string) => this.inner.put(k, v);
  del = (k: string) => this.inner.del(k);
  batch: Store['batch'] = (ops) => this.inner.batch(ops);
  clear = (r?: KeyRange) => this.inner.clear(r);
  close = () => this.inner.close();
  entries(range?: KeyRange): AsyncIterable<[string, string]> {
    this.scans.push(`entries:${range?.gte ?? range?.gt ?? ''}`);
    return this.inner.entries(range);
  }
  entryChunks(range?: KeyRange): AsyncIterable<[string, string][]> {
    this.scans.push(`entries:${range?.gte ?? range?.gt ?? ''}`);
    return this.inner.entryChunks(range);
  }
  keys(range?: KeyRange): AsyncIterable<string> {
    this.scans.push(`keys:${range?.gte ?? range?.gt ?? ''}`);
    return this.inner.keys(range);
  }
  /** Full scans of a collection's documents since the last reset. */
  docScans(coll: string): number {
    return this.scans.filter((s) => s === `entries:doc/${coll}/`).length;
  }
  reset(): void {
    this.scans.length = 0;
  }
}

/** The conn as a JavaScript app calls it: any arguments (the services validate them), the contract's results. */
export type JsConn = { [K in keyof Conn]: Conn[K] extends (...args: never[]) => infer R ? (...args: unknown[]) => R : Conn[K] };

/** Tests call the conn with wrong arguments on purpose, as untyped app code can. */
export const jsConn = (conn: Conn): JsConn => conn as unknown as JsConn;

export interface DsContext {
  backend: Backend;
  store: CountingStore;
  ds: DatastoreService;
  conn: JsConn;
  clock: FakeClock;
  logger: ReturnType<typeof createMemoryLogger>;
  /** Closes and reopens the same data (level and postgres; memory keeps its store), as after a restart. */
  reopen(): Promise<void>;
}

async function openContext(backend: Backend, dir: string): Promise<DsContext & { close(): Promise<void> }> {
  const clock = new FakeClock();
  const logger = createMemoryLogger();
  let first = true;
  const open = async (): Promise<Pick<DsContext, 'store' | 'ds' | 'conn'>> => {
    const raw =
      backend === 'memory' ? await openStore({ backend: 'memory' })
      : backend === 'level' ? await openStore({ backend: 'level', path: dir })
      : first ? await freshPostgres()
      : await openStore({ backend: 'postgres', url: await pgDatabase! });
    first = false;
    const store = new CountingStore(raw);
    const ds = await createDatastore({ store, clock, logger });
    return { store, ds, conn: jsConn(createConn(ds)) };
  };
  const ctx = { backend, clock, logger, ...(await open()) } as DsContext & { close(): Promise<void> };
  ctx.reopen = async () => {
    await ctx.ds.close();
    if (backend === 'memory') {
      ctx.ds = await createDatastore({ store: ctx.store, clock, logger });
      ctx.conn = jsConn(createConn(ctx.ds));
      return;
    }
    await ctx.store.close();
    Object.assign(ctx, await open());
  };
  ctx.close = async () => {
    await ctx.ds.close();
    await ctx.store.close();
  };
  return ctx;
}

/** Runs the body once per storage backend (memory, LevelDB in a fresh temp folder, PostgreSQL), as subtests. */
export function dsTest(name: string, body: (ctx: DsContext) => Promise<void>): void {
  test(name, async (t) => {
    for (const backend of BACKENDS) {
      await t.test(backend, async () => {
        const dir = await mkdtemp(join(tmpdir(), 'lh-ds-'));
        const ctx = await openContext(backend, dir);
        try {
          await body(ctx);
        } finally {
          await ctx.close();
          await rm(dir, { recursive: true, force: true });
        }
      });
    }
  });
}

/** Polls (without sleeping a fixed time) until `check` holds; for work the clock hands to the event loop. */
export async function eventually(check: () => Promise<boolean> | boolean, what = 'condition', tries = 500): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise<void>((r) => setImmediate(r));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * A backend that structured-clones arguments and results, like the coderunner's MessagePort RPC, so tests see
 * what survives the hop (RegExp and Date do; functions would throw; Error subclasses lose name and fields).
 */
export function cloningBackend(inner: ConnBackend): ConnBackend {
  return {
    async call(method, args) {
      return structuredClone(await inner.call(method, structuredClone(args)));
    },
    async *iterate(method, args) {
      for await (const item of inner.iterate(method, structuredClone(args))) yield structuredClone(item);
    },
  };
}

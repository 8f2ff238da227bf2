/**
 * A throwaway PostgreSQL server for tests: started once per test process in a temp folder (unix socket only, no
 * TCP port), or reused from `LOCALHOOKS_TEST_PG` (a server URL; `scripts/run-tests.js` starts one for the whole
 * run). Each caller gets its own database. Root cannot run postgres, so as root the server runs as `nobody`.
 */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface TestPostgres {
  /** The server's URL (database `postgres`). */
  url: string;
  /** A fresh, empty database; returns its URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

function binDir(): string {
  if (process.env.LOCALHOOKS_PG_BIN) return process.env.LOCALHOOKS_PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('PostgreSQL is not installed (apt-get install postgresql; or set LOCALHOOKS_PG_BIN or LOCALHOOKS_TEST_PG)');
  return join(root, newest, 'bin');
}

/** Starts a server in a temp folder; `stop()` ends it and deletes the folder. */
export async function startPostgres(): Promise<TestPostgres> {
  const bin = binDir();
  const dir = await mkdtemp(join(tmpdir(), 'lh-pg-'));
  const asRoot = process.getuid?.() === 0;
  const user = process.env.LOCALHOOKS_PG_USER ?? 'nobody';
  let ids: { uid: number; gid: number } | {} = {};
  if (asRoot) {
    const uid = Number((await run('id', ['-u', user])).stdout.trim());
    const gid = Number((await run('id', ['-g', user])).stdout.trim());
    await chown(dir, uid, gid);
    ids = { uid, gid };
  }
  const data = join(dir, 'data');
  await run(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync', '--no-instructions'], { ...ids, cwd: dir });
  // Durability settings off: a test server's data is thrown away anyway.
  // The server is our child (not pg_ctl's), so this process reaps it; durability is off: the data is thrown away.
  const args = ['-D', data, '-k', dir, '-c', 'listen_addresses=', '-c', 'max_connections=300', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
  const server = spawn(join(bin, 'postgres'), args, { ...ids, cwd: dir, stdio: 'ignore' });
  const exited = once(server, 'exit');
  const url = `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(dir)}`;
  await untilReady(url, () => server.exitCode !== null);
  let stopped = false;
  return {
    ...attach(url),
    async stop() {
      if (stopped) return;
      stopped = true;
      // SIGINT is PostgreSQL's fast shutdown: clients are disconnected, not waited for.
      if (server.exitCode === null) server.kill('SIGINT');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function untilReady(url: string, died: () => boolean): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (died()) throw new Error('the test PostgreSQL server exited while starting');
    const c = new pg.Client({ connectionString: url });
    try {
      await c.connect();
      await c.end();
      return;
    } catch {
      await c.end().catch(() => {});
      await new Promise((r) => setTimeout(r, 50)); // polling a server that is starting: nothing to await instead
    }
  }
  throw new Error('the test PostgreSQL server did not accept connections within 15 s');
}

/** Databases on a running server (given by URL); `stop()` drops the ones it created. */
export function attach(url: string): TestPostgres {
  const created: string[] = [];
  const admin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  return {
    url,
    async createDatabase() {
      const name = `lh_test_${process.pid}_${created.length + 1}_${Date.now().toString(36)}`;
      await admin((c) => c.query(`CREATE DATABASE ${name}`));
      created.push(name);
      const u = new URL(url);
      u.pathname = `/${name}`;
      return u.toString();
    },
    async stop() {
      const names = created.splice(0);
      if (names.length) await admin(async (c) => {
        for (const n of names) await c.query(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`);
      });
    },
  };
}

let shared: Promise<TestPostgres> | null = null;

/**
 * The server of this test process, started on first use and stopped when the process is about to exit (node:test
 * runs each file in its own process).
 */
export function testPostgres(): Promise<TestPostgres> {
  if (!shared) {
    const env = process.env.LOCALHOOKS_TEST_PG;
    shared = env ? Promise.resolve(attach(env)) : startPostgres();
    let stopping = false;
    process.on('beforeExit', () => {
      if (stopping) return;
      stopping = true;
      void shared!.then((s) => s.stop());
    });
  }
  return shared;
}

/** A fresh database on this process's test server. */
export async function testDatabase(): Promise<string> {
  return (await testPostgres()).createDatabase();
}

/**
 * A throwaway PostgreSQL server for tests: started once per test process in a temp folder (unix socket only, no
 * TCP port), or reused from `LOCALHOOKS_TEST_PG` (a server URL; `scripts/run-tests.js` starts one for the whole
 * run). Each caller gets its own database. Root cannot run postgres, so as root the server runs as `nobody`.
 */
import { execFile } from 'node:child_process';
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
  if (asRoot) {
    const { stdout } = await run('id', ['-u', user]);
    const { stdout: gid } = await run('id', ['-g', user]);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const pgRun = (tool: string, args: string[]) => (asRoot ? run('runuser', ['-u', user, '--', join(bin, tool), ...args]) : run(join(bin, tool), args));
  const data = join(dir, 'data');
  await pgRun('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  // Durability settings off: a test server's data is thrown away anyway.
  const opts = `-k ${dir} -c listen_addresses= -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  await pgRun('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', opts, '-w', 'start']);
  const url = `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(dir)}`;
  const server = attach(url);
  let stopped = false;
  return {
    ...server,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pgRun('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']).catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
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

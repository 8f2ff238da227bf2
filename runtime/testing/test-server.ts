import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startLocalhooks, type LocalhooksOptions } from '../app.js';
import { FakeClock } from '../clock.js';
import { createConn, type Conn } from '../../sdk/conn.js';
import { MAX_JOURNAL_CALLS } from '../llm/index.js';
import { createMemoryLogger, type LogLevel } from '../logger.js';
import type { DeadLetter, TopicStatus } from '../queue/index.js';
import { waitIdle } from '../work.js';
import { parseInstant } from './duration.js';
import { TestKitError } from './errors.js';
import { testLlm, type TestLlm } from './llm-control.js';
import { manualClock, systemTestClock, type TestClock } from './test-clock.js';
import { DEFAULT_WAIT_MS, testWorkflows, type TestWorkflows } from './workflows.js';

export interface TestServerOptions extends Omit<LocalhooksOptions, 'port' | 'logger' | 'logLevel' | 'dataDir' | 'clock' | 'watch' | 'poll' | 'storage' | 'llmJournal'> {
  /** `memory` (default): a fresh in-memory store, nothing on disk. `level`: LevelDB in `dataDir`. */
  storage?: 'memory' | 'level';
  /** Data folder for `level` storage and files; default a fresh temp folder that `stop()` removes. */
  dataDir?: string;
  /** `manual` (default): time moves only with `server.clock`. `system`: the real clock. */
  clock?: 'manual' | 'system';
  /** Where the manual clock starts (Date, ISO string or epoch ms). Default: the real time at start. */
  startTime?: Date | string | number;
  /** What `server.logs` keeps. Default `info` (`debug` adds the SDK's own `console.debug` lines). */
  logLevel?: LogLevel;
  /** Real ms `clock.advance` waits for work that makes no progress before moving time on. Default 1000. */
  stallMs?: number;
}

export interface TestServer {
  /** `http://localhost:<port>/<space>`: append the route. */
  url: string;
  origin: string;
  port: number;
  /** Everything the server and the app logged so far, one `level text` line each (`console.log` included). */
  readonly logs: string;
  /** The same as `logs`. */
  output(): string;
  /** The datastore API the app gets from `Datastore.open()`: seed and assert without routes. */
  db: Conn;
  clock: TestClock;
  queues: {
    /** Resolves when no queue item or workflow step is ready or running and no cron run is in progress. */
    drain(options?: { timeoutMs?: number }): Promise<void>;
    status(): TopicStatus[];
    deadLetters(topic?: string): DeadLetter[];
  };
  workflows: TestWorkflows;
  llm: TestLlm;
  stop(): Promise<void>;
}

/**
 * Serves the app in-process on a free loopback port with its own store, no file watching, offline LLM answers
 * (whatever `OPENAI_API_KEY` the shell has) and a manual clock. See docs/testing.md.
 */
export async function startTestServer(options: TestServerOptions): Promise<TestServer> {
  if (!options || typeof options.appDir !== 'string') throw new TestKitError('BAD_ARGUMENT', 'startTestServer({ appDir }): appDir must be the app folder');
  const { storage = 'memory', clock: mode = 'manual', startTime, logLevel = 'info', stallMs, dataDir: givenDir, ...rest } = options;
  if (storage !== 'memory' && storage !== 'level') throw new TestKitError('BAD_ARGUMENT', `startTestServer: storage must be 'memory' or 'level', got ${String(storage)}`);
  if (mode !== 'manual' && mode !== 'system') throw new TestKitError('BAD_ARGUMENT', `startTestServer: clock must be 'manual' or 'system', got ${String(mode)}`);
  const fake = mode === 'manual' ? new FakeClock(startTime === undefined ? Date.now() : parseInstant(startTime, 'startTestServer startTime')) : undefined;
  // Builds and files go to a folder of this server's own, so servers of one app run side by side.
  const tmp = await mkdtemp(join(tmpdir(), 'localhooks-test-'));
  const logs = createMemoryLogger(logLevel);
  try {
    const lh = await startLocalhooks({
      llm: { mode: 'offline' },
      buildDir: join(tmp, 'build'),
      llmJournal: MAX_JOURNAL_CALLS,
      ...rest,
      appDir: resolve(options.appDir),
      dataDir: givenDir ?? join(tmp, 'data'),
      storage,
      clock: fake,
      watch: false,
      port: 0,
      logger: logs,
    });
    const sources = [lh.broker, lh.cron, lh.backend];
    const db = createConn(lh.backend.untracked);
    return {
      url: lh.url,
      origin: new URL(lh.url).origin,
      port: lh.port,
      get logs() {
        return logs.text();
      },
      output: () => logs.text(),
      db,
      clock: fake ? manualClock(fake, sources, logs, stallMs) : systemTestClock(),
      queues: {
        async drain({ timeoutMs = DEFAULT_WAIT_MS } = {}) {
          try {
            await waitIdle(sources, { timeoutMs });
          } catch (err) {
            throw new TestKitError('TIMEOUT', `queues.drain: ${(err as Error).message}`);
          }
        },
        status: () => lh.broker.status(),
        deadLetters: (topic) => lh.broker.deadLetters(topic),
      },
      workflows: testWorkflows(db, lh.broker, sources),
      llm: testLlm(lh.llm),
      async stop() {
        // Closing the broker first ends its leases: a worker that never finishes would otherwise hold the
        // shutdown until a lease timeout that a manual clock never reaches.
        await lh.broker.close();
        await lh.close();
        await rm(tmp, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
}

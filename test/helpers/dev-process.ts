import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './app-server.js';

export const BIN = join(REPO_ROOT, 'bin', 'localhooks.js');

export interface DevProcess {
  child: ChildProcess;
  port: number;
  origin: string;
  url: string;
  /** Everything it printed so far. */
  output(): string;
  /** Resolves once the output matches. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code once the process ends by itself (or is stopped). */
  exited: Promise<number | null>;
  /** SIGTERM, then resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** `localhooks dev <args>` (or `serve`) as a child process on a free port, resolved once it serves the app. */
export async function startDev(args: string[], env: NodeJS.ProcessEnv = {}, command: 'dev' | 'serve' = 'dev'): Promise<DevProcess> {
  const child = spawn(process.execPath, [BIN, command, ...args, '--port', '0', '--no-watch'], { env: { ...process.env, PORT: '', ...env } });
  let out = '';
  const waiters = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const w of [...waiters]) w();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = (re: RegExp, timeoutMs = 20_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (re.test(out)) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`localhooks dev did not print ${re} within ${timeoutMs} ms:\n${out}`));
      }, timeoutMs);
      waiters.add(check);
      void exited.then(() => {
        if (waiters.has(check)) {
          waiters.delete(check);
          clearTimeout(timer);
          reject(new Error(`localhooks dev exited before printing ${re}:\n${out}`));
        }
      });
      check();
    });
  await waitFor(/localhooks ready at http:\/\/localhost:\d+\/dev/);
  const port = Number(/localhooks ready at http:\/\/localhost:(\d+)\/dev/.exec(out)![1]);
  return {
    child,
    port,
    // 127.0.0.1, not localhost: another process may listen on [::1] at the same port number.
    origin: `http://127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}/dev`,
    output: () => out,
    waitFor,
    exited,
    stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

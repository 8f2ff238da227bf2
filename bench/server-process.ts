import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

const REPO = new URL('../../', import.meta.url).pathname;
const BIN = join(REPO, 'bin', 'localhooks.js');

export interface ServerProcess {
  child: ChildProcess;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  stop(): Promise<void>;
}

/** `localhooks dev` in its own process, so its memory is measured apart from the client's. */
export function startServerProcess(appDir: string, dataDir: string): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'dev', appDir, '--port', '0', '--no-watch', '--data', dataDir, '--log-level', 'info'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /localhooks ready at http:\/\/localhost:(\d+)\//.exec(out);
      if (!m) return;
      // Its request log is not read from here on: drained, so the pipe never fills.
      child.stdout!.off('data', onData);
      child.stderr!.off('data', onData);
      child.stdout!.resume();
      child.stderr!.resume();
      resolve({
        child,
        origin: `http://127.0.0.1:${m[1]}`,
        stop: () =>
          new Promise((r) => {
            child.once('exit', () => r());
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before it was ready:\n${out}`)));
  });
}

/** Resident memory of a process in bytes (Linux /proc). */
export async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status);
  return kb ? Number(kb[1]) * 1024 : 0;
}

/** Samples a process's RSS every `ms` until stopped; `peak()` is the highest sample (since `reset()`). */
export function sampleRss(pid: number, ms = 10): { peak(): number; reset(): void; stop(): void } {
  let peak = 0;
  let stopped = false;
  const tick = async () => {
    while (!stopped) {
      peak = Math.max(peak, await rssOf(pid).catch(() => 0));
      await new Promise((r) => setTimeout(r, ms));
    }
  };
  void tick();
  return { peak: () => peak, reset: () => void (peak = 0), stop: () => void (stopped = true) };
}

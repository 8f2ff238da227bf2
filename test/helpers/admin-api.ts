import { ADMIN_API } from '../../runtime/admin/prefix.js';
import type { CliIo } from '../../runtime/queue/admin-client.js';

export interface ApiAnswer<T = any> {
  status: number;
  body: T;
}

/** Calls the admin API of the server at `origin` as the CLI does (JSON bodies, the client header). */
export async function api<T = any>(origin: string, method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> {
  const res = await fetch(`${origin}${ADMIN_API}${path}`, {
    method,
    headers: { 'x-localhooks-client': 'test', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed as T };
}

/** A CLI io that keeps what a command prints, for in-process command tests. */
export function captureIo(): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    fetch: globalThis.fetch,
    out: (t: string) => void (io.stdout += t),
    err: (t: string) => void (io.stderr += t),
    env: { ...process.env, PORT: '', LOCALHOOKS_PORT: '' },
    isTTY: false,
    sleep: () => Promise.resolve(),
  };
  return io;
}

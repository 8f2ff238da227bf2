import { ADMIN_API } from '../../admin/prefix.js';
import { AdminApiError, callAdmin, ServerUnreachableError, type CliIo } from '../../queue/admin-client.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Long enough for `time advance 30d` on a busy app or an import batch on a slow disk; a hung server still ends. */
export const LONG_CALL_MS = 10 * 60_000;

/** The admin API of one running server, as the data commands call it. */
export class AdminClient {
  constructor(
    readonly io: CliIo,
    readonly origin: string,
  ) {}

  get<T>(path: string, timeoutMs?: number): Promise<T> {
    return callAdmin<T>(this.io, this.origin, path, 'GET', timeoutMs);
  }

  send<T>(method: Method, path: string, body?: unknown, timeoutMs = LONG_CALL_MS): Promise<T> {
    return callAdmin<T>(this.io, this.origin, path, method, timeoutMs, body);
  }

  /** An answer's bytes as they arrive (an export written to a file as it is). */
  async *bytes(path: string): AsyncIterable<Uint8Array> {
    const res = await this.#open(path);
    yield* res.body as unknown as AsyncIterable<Uint8Array>;
  }

  /** A server-sent event stream: `{event, data}` with `data` parsed, until `signal` aborts or the server ends it. */
  async *events(path: string, signal: AbortSignal): AsyncIterable<{ event: string; data: unknown }> {
    const res = await this.#open(path, signal);
    let buf = '';
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buf += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          let event = 'message';
          let data = '';
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data += line.slice(6);
          }
          if (data) yield { event, data: JSON.parse(data) };
        }
      }
    } catch (err) {
      if (!signal.aborted) throw err;
    }
  }

  async #open(path: string, signal?: AbortSignal): Promise<Response> {
    let res: Response;
    try {
      res = await this.io.fetch(`${this.origin}${ADMIN_API}${path}`, { headers: { 'x-localhooks-client': 'cli' }, signal });
    } catch {
      throw new ServerUnreachableError(this.origin);
    }
    if (!res.ok) {
      const b = (await res.json().catch(() => ({}))) as { error?: string; code?: string };
      throw new AdminApiError(b.error ?? `HTTP ${res.status}`, res.status, b.code);
    }
    return res;
  }
}

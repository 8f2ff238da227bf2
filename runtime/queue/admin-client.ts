import { ADMIN_API } from '../admin/prefix.js';

/**
 * What the status commands (`queue-status`, `workflow-status`, `jobs`) share: finding the running server,
 * calling its admin API, and the `--follow` refresh loop. (Kept beside the queue service because these three
 * commands are its clients; the CLI core may move it under runtime/cli/.)
 */
export const DEFAULT_ADMIN_PORT = 8080;
export const FOLLOW_INTERVAL_MS = 2_000;

export interface CliIo {
  fetch: typeof fetch;
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
  /** Resolves after `ms`, or at once (clearing its timer) when `signal` aborts. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Stops `--follow` after this many frames (tests); unlimited by default. */
  maxFrames?: number;
}

export function defaultIo(): CliIo {
  return {
    fetch: globalThis.fetch,
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    env: process.env,
    isTTY: process.stdout.isTTY === true,
    sleep: (ms, signal) =>
      new Promise((resolve) => {
        const t = setTimeout(resolve, ms);
        signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
      }),
  };
}

/** `--url` wins; else `--port`, `$LOCALHOOKS_PORT` (set in the Docker image), `$PORT`, 8080 on localhost. Only the origin of `--url` is used. */
export function resolveServer(values: { port?: string; url?: string }, env: NodeJS.ProcessEnv): string {
  if (values.url) {
    try {
      return new URL(values.url).origin;
    } catch {
      throw new CliUsageError(`--url: not a URL: ${values.url}`);
    }
  }
  const port = values.port ?? env.LOCALHOOKS_PORT ?? env.PORT ?? String(DEFAULT_ADMIN_PORT);
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65_535) throw new CliUsageError(`--port: not a port number: ${port}`);
  return `http://localhost:${port}`;
}

export class CliUsageError extends Error {}

/**
 * node:util parseArgs' errors in the CLI's own words (its text for an unknown option is advice about `--`
 * meant for a program's authors); null for any other error.
 */
export function usageErrorOf(err: unknown): CliUsageError | null {
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS_') || typeof message !== 'string') return null;
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  return new CliUsageError(unknown ? `unknown option ${unknown[1]} (--help lists the options)` : message);
}

/** Nothing answered at the address (refused, unknown host, timeout). */
export class ServerUnreachableError extends Error {
  constructor(readonly origin: string) {
    super(`No localhooks server at ${origin} — start one with: localhooks dev`);
  }
}

/** The server answered with an error status; `message` is its `{error}` text. */
export class AdminApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Gives up on a server that accepts the connection but never answers. */
const REQUEST_TIMEOUT_MS = 10_000;

export async function callAdmin<T>(
  io: CliIo,
  origin: string,
  path: string,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' = 'GET',
  timeoutMs = REQUEST_TIMEOUT_MS,
  /** Sent as JSON. */
  payload?: unknown,
): Promise<T> {
  let res: Response;
  try {
    // The header marks a tool, not a web page: state-changing admin calls need it (docs/security.md).
    const headers: Record<string, string> = { 'x-localhooks-client': 'cli', ...(payload === undefined ? {} : { 'content-type': 'application/json' }) };
    res = await io.fetch(`${origin}${ADMIN_API}${path}`, { method, headers, body: payload === undefined ? undefined : JSON.stringify(payload), signal: AbortSignal.timeout(timeoutMs) });
  } catch {
    throw new ServerUnreachableError(origin);
  }
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text for the message
  }
  if (!res.ok) {
    const b = body as { error?: unknown; message?: unknown; code?: unknown };
    // localhooks answers {error: message, code}; fastify's default shape is {error: 'Not Found', message, code}.
    const message = typeof b?.message === 'string' ? b.message : typeof b?.error === 'string' ? b.error : `HTTP ${res.status}`;
    if (res.status === 404 && b?.code === undefined) throw new AdminApiError(`${origin} answered 404 for ${ADMIN_API}${path}: no admin API there (a \`localhooks serve\` started without --admin, or not a localhooks server)`, 404);
    throw new AdminApiError(message, res.status, typeof b?.code === 'string' ? b.code : undefined);
  }
  return body as T;
}

/**
 * Prints `render()` once, or with `--follow` every 2 s under the live header (clearing a TTY screen first),
 * until Ctrl+C. Returns the exit code.
 */
export async function showOnceOrFollow(
  io: CliIo,
  follow: boolean,
  render: () => Promise<string>,
  /** The live header above each text frame; null for JSON (one document per line, no screen clearing). */
  header: ((now: Date) => string) | null,
): Promise<number> {
  if (!follow) {
    io.out(await render());
    return 0;
  }
  const interrupt = new AbortController();
  const onSigint = (): void => interrupt.abort();
  process.once('SIGINT', onSigint);
  try {
    let seenServer = false;
    for (let frame = 0; !interrupt.signal.aborted; frame++) {
      let body: string;
      try {
        body = await render();
        seenServer = true;
      } catch (err) {
        if (!seenServer) throw err;
        body = `${(err as Error).message}\n(retrying)\n`;
      }
      io.out(header ? `${io.isTTY ? '\x1b[2J\x1b[H' : ''}${header(new Date())}\n${body}` : body);
      if (io.maxFrames !== undefined && frame + 1 >= io.maxFrames) break;
      await io.sleep(FOLLOW_INTERVAL_MS, interrupt.signal);
    }
    return 0;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** The error handling every status command shares; returns the exit code. */
export function reportCliError(io: CliIo, command: string, err: unknown): number {
  if (err instanceof ServerUnreachableError) io.err(`${err.message}\n`);
  else if (err instanceof AdminApiError || err instanceof CliUsageError) io.err(`localhooks ${command}: ${err.message}\n`);
  else throw err;
  return 1;
}

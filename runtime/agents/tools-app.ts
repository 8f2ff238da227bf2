import type { BuildState } from '../dashboard/overview.js';
import type { LogEntry } from '../logs/log-buffer.js';
import { AgentError } from './errors.js';
import { queryString, type Tool, type ToolContext } from './tool.js';

/** The log the server keeps (LOG_BACKLOG): the most a tool can read back. */
const LOG_WINDOW = 1000;
/** How long a tool waits for a build by default, and at most (a cold esbuild of a large app takes seconds). */
const BUILD_WAIT_MS = 15_000;
const MAX_BUILD_WAIT_MS = 120_000;
/** Polling steps while waiting for a build or for the log lines of a call to arrive. */
const POLL_MS = 50;
/** Log lines of a route call are read until none arrived for this long (app lines cross a thread first). */
const LOG_QUIET_MS = 100;
const LOG_SETTLE_MAX_MS = 2_000;
/** A route call gives up after this by default (the gateway's own handler timeout is 30 s; an SSE route never ends). */
const ROUTE_WAIT_MS = 35_000;

interface Overview {
  url: string;
  space: string;
  build: BuildState;
  manifest: unknown;
  [k: string]: unknown;
}

const overview = (ctx: ToolContext) => ctx.admin.get<Overview>('/overview');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const line = (e: LogEntry) => `#${e.seq} ${new Date(e.time).toISOString().slice(11, 23)} ${e.level} ${e.text}`;

async function logsAfter(ctx: ToolContext, seq: number): Promise<LogEntry[]> {
  const { entries } = await ctx.admin.get<{ entries: LogEntry[] }>(`/logs?tail=${LOG_WINDOW}`);
  return entries.filter((e) => e.seq > seq);
}
async function lastSeq(ctx: ToolContext): Promise<number> {
  const { entries } = await ctx.admin.get<{ entries: LogEntry[] }>('/logs?tail=1');
  return entries.at(-1)?.seq ?? 0;
}

const manifest: Tool = {
  name: 'app_manifest',
  description: "The app as localhooks serves it: URL, entry file, SDK, build state, and its manifest (routes, auth hooks, queue workers, cron jobs, workflows with their steps, realtime channels).",
  input: { type: 'object', properties: {} },
  run: async (_args, ctx) => overview(ctx),
};

const buildStatus: Tool = {
  name: 'build_status',
  description:
    "The build: ok, error (with the compiler's or loader's message) or starting; the generation serving; `at`, when it last changed. After editing the app, pass the `at` you saw before as `changedFrom` to wait for the reload (or the build error) it causes.",
  input: {
    type: 'object',
    properties: {
      changedFrom: { type: ['integer', 'null'], description: 'wait until `at` differs from this value (a previous answer\'s `at`)' },
      timeoutMs: { type: 'integer', minimum: 1, maximum: MAX_BUILD_WAIT_MS, description: `how long to wait, default ${BUILD_WAIT_MS}` },
    },
  },
  async run(args, ctx) {
    const deadline = Date.now() + ((args.timeoutMs as number | undefined) ?? BUILD_WAIT_MS);
    for (;;) {
      const { build } = await overview(ctx);
      if (!('changedFrom' in args) || build.at !== args.changedFrom) return build;
      if (Date.now() > deadline) throw new AgentError('LH_MCP_TIMEOUT', `no build finished within ${(args.timeoutMs as number | undefined) ?? BUILD_WAIT_MS} ms (at is still ${String(build.at)}): did the save reach the app folder?`);
      await sleep(POLL_MS);
    }
  },
};

const callRoute: Tool = {
  name: 'call_route',
  description:
    "Call one of the app's routes (the space prefix, /dev, is added) and get the status, headers, body and the log lines written while it ran (the app's console and localhooks' own lines).",
  input: {
    type: 'object',
    required: ['method', 'path'],
    properties: {
      method: { type: 'string', enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] },
      path: { type: 'string', pattern: '^/', description: 'the route, like /summaries or /items/42' },
      query: { type: 'object', additionalProperties: { type: 'string' }, description: 'query-string parameters' },
      headers: { type: 'object', additionalProperties: { type: 'string' } },
      body: { description: 'a string is sent as it is; anything else as JSON' },
      timeoutMs: { type: 'integer', minimum: 1, maximum: MAX_BUILD_WAIT_MS, description: `give up after this, default ${ROUTE_WAIT_MS}` },
    },
  },
  async run(args, ctx) {
    const { space } = await overview(ctx);
    const path = String(args.path);
    const prefixed = path === `/${space}` || path.startsWith(`/${space}/`) ? path : `/${space}${path}`;
    const url = `${ctx.origin}${prefixed}${queryString((args.query as Record<string, unknown>) ?? {})}`;
    const headers: Record<string, string> = { ...((args.headers as Record<string, string>) ?? {}) };
    let body: string | undefined;
    if (args.body !== undefined) {
      body = typeof args.body === 'string' ? args.body : JSON.stringify(args.body);
      if (typeof args.body !== 'string' && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    }
    const mark = await lastSeq(ctx);
    const wait = (args.timeoutMs as number | undefined) ?? ROUTE_WAIT_MS;
    let res: Response;
    let text: string;
    try {
      res = await ctx.fetch(url, { method: String(args.method), headers, body, signal: AbortSignal.timeout(wait) });
      text = await res.text();
    } catch (err) {
      if ((err as Error).name === 'TimeoutError') throw new AgentError('LH_MCP_TIMEOUT', `${String(args.method)} ${prefixed} did not finish within ${wait} ms (a stream that never ends? read it with curl instead)`);
      throw err;
    }
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        // keep the text as sent
      }
    }
    // Lines keep arriving until a quiet spell: the app's console crosses from its thread after the answer may have.
    let logs = await logsAfter(ctx, mark);
    const until = Date.now() + LOG_SETTLE_MAX_MS;
    for (let quietSince = Date.now(); Date.now() - quietSince < LOG_QUIET_MS && Date.now() < until; ) {
      await sleep(POLL_MS / 2);
      const more = await logsAfter(ctx, mark);
      if (more.length !== logs.length) quietSince = Date.now();
      logs = more;
    }
    return { status: res.status, headers: Object.fromEntries(res.headers), body: parsed, logs: logs.map(line) };
  },
};

const readLogs: Tool = {
  name: 'read_logs',
  description:
    "The server's log (its own lines and the app's console). By default the last 100 lines; `since` (a line's #number) gives the lines after it, `sinceLastBuild` the lines since the last reload or build error. Each line starts with its #number.",
  input: {
    type: 'object',
    properties: {
      since: { type: 'integer', minimum: 0, description: 'lines after this #number' },
      sinceLastBuild: { type: 'boolean' },
      tail: { type: 'integer', minimum: 1, maximum: LOG_WINDOW, description: 'at most this many of the last lines, default 100' },
      contains: { type: 'string', description: 'only lines containing this text' },
    },
  },
  async run(args, ctx) {
    let entries = await logsAfter(ctx, (args.since as number | undefined) ?? -1);
    if (args.sinceLastBuild === true) {
      const build = /^(reloaded in|Build failed|The new version failed to load|The app failed to load)/;
      let at = entries.length - 1;
      while (at > 0 && !build.test(entries[at]!.text)) at--;
      entries = entries.slice(Math.max(0, at));
    }
    if (typeof args.contains === 'string') entries = entries.filter((e) => e.text.includes(args.contains as string));
    entries = entries.slice(-((args.tail as number | undefined) ?? 100));
    return { lines: entries.map(line), lastSeq: entries.at(-1)?.seq ?? (args.since as number | undefined) ?? null };
  },
};

const sendWebhook: Tool = {
  name: 'send_webhook',
  description: "Send a provider-signed webhook (Stripe, GitHub, Slack, …) to one of the app's routes, signed with the provider's secret from .env; answers with what was sent and the app's reply. List providers and events with `webhook_providers`.",
  input: {
    type: 'object',
    required: ['provider', 'event', 'to'],
    properties: {
      provider: { type: 'string', minLength: 1 },
      event: { type: 'string', minLength: 1, description: 'like payment_intent.succeeded or issues.opened' },
      to: { type: 'string', pattern: '^/', description: 'the app route, like /webhook/stripe' },
      body: { type: 'string', description: 'the payload, sent byte-exact (default: a sample of the event)' },
      secret: { type: 'string', description: "default: the provider's secret from .env" },
    },
  },
  run: (args, ctx) => ctx.admin.send('POST', '/webhooks/send', args),
};

const webhookProviders: Tool = {
  name: 'webhook_providers',
  description: 'Webhook providers localhooks can sign for, their events, and which .env secret each would use.',
  input: { type: 'object', properties: {} },
  run: (_args, ctx) => ctx.admin.get('/webhooks'),
};

export const APP_TOOLS: Tool[] = [manifest, buildStatus, callRoute, readLogs, sendWebhook, webhookProviders];

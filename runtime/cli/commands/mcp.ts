import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Command } from '../command.js';
import { AgentError } from '../../agents/errors.js';
import { defaultIo, reportCliError, resolveServer, usageErrorOf, type CliIo } from '../../queue/admin-client.js';

const USAGE = `localhooks mcp [--url http://localhost:8080] [--allow-remote]

Speaks the Model Context Protocol over stdio, so a coding agent (Claude Code, Cursor, Codex, Cline …) can drive a
running localhooks server: read the app's manifest and build status, call its routes and read the log lines
they caused, query and change documents and keys, look at queues, workflows and jobs, move the clock, save and
restore snapshots, send signed webhooks, read the offline LLM's calls. Start the server first (localhooks dev).
The agent starts this command itself; see docs/agents.md for each agent's configuration.

Options:
  -p, --port <n>      port of the server (default: $LOCALHOOKS_PORT, $PORT or 8080)
      --url <url>     address of the server instead of --port (loopback only)
      --allow-remote  allow a --url that is not on this machine (its admin API must be opened on purpose)

Example (Claude Code):
  claude mcp add localhooks -- npx localhooks mcp --url http://localhost:8080`;

/** localhooks, *.localhost, 127.0.0.0/8 and ::1: the names that cannot leave this machine. */
export function isLoopbackOrigin(origin: string): boolean {
  const host = new URL(origin).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || (isIP(host) === 4 && host.startsWith('127.')) || host === '::1';
}

/**
 * Requests read but not yet answered: a client that writes its requests and closes stdin (a script) still gets
 * every answer before the server closes. Wraps the handlers the server installed on the transport.
 */
function trackRequests(transport: Transport): () => Promise<void> {
  const open = new Set<string | number>();
  let wake: (() => void) | undefined;
  const onmessage = transport.onmessage!;
  transport.onmessage = (message, extra) => {
    if ('method' in message && 'id' in message) open.add(message.id);
    onmessage(message, extra);
  };
  const send = transport.send.bind(transport);
  transport.send = async (message, options) => {
    await send(message, options);
    if (!('method' in message) && 'id' in message && message.id !== undefined && open.delete(message.id) && open.size === 0) wake?.();
  };
  return async () => {
    // Lines already read are parsed and handed over within this turn.
    await new Promise((resolve) => setImmediate(resolve));
    if (open.size > 0) await new Promise<void>((resolve) => (wake = resolve));
  };
}

export async function runMcp(args: string[], io: CliIo, streams?: { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream }): Promise<number> {
  try {
    const { values } = parseArgs({ args, strict: true, options: { port: { type: 'string', short: 'p' }, url: { type: 'string' }, 'allow-remote': { type: 'boolean' } } });
    const origin = resolveServer(values, io.env);
    if (!isLoopbackOrigin(origin) && values['allow-remote'] !== true) {
      throw new AgentError('LH_MCP_REMOTE_REFUSED', `${origin} is not on this machine: an agent could change its data. Pass --allow-remote if that is what you want.`);
    }
    // Loaded here, not with the CLI: the MCP SDK takes ~200 ms to load, which every other command would pay.
    const [{ createMcpServer }, { StdioServerTransport }] = await Promise.all([import('../../agents/mcp-server.js'), import('@modelcontextprotocol/sdk/server/stdio.js')]);
    const server = createMcpServer({ origin, io });
    const closed = new Promise<void>((resolve) => (server.onclose = resolve));
    // stdout carries the protocol: anything else this process prints goes to stderr.
    const transport = new StdioServerTransport(streams?.stdin as never, streams?.stdout as never);
    await server.connect(transport);
    const answered = trackRequests(transport);
    const input: NodeJS.ReadableStream = streams?.stdin ?? process.stdin;
    input.once('end', () => void answered().then(() => server.close()));
    await closed;
    return 0;
  } catch (err) {
    if (err instanceof AgentError) {
      io.err(`localhooks mcp: ${err.code}: ${err.message}\n`);
      return 1;
    }
    return reportCliError(io, 'mcp', usageErrorOf(err) ?? err);
  }
}

export const mcpCommand: Command = {
  name: 'mcp',
  summary: 'serve the Model Context Protocol over stdio: tools for coding agents to drive a running server',
  usage: USAGE,
  run: (args) => runMcp(args, { ...defaultIo(), out: (t) => void process.stderr.write(t) }),
};

import { readdir, readFile } from 'node:fs/promises';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListResourcesRequestSchema, ListToolsRequestSchema, ReadResourceRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { AdminClient } from '../cli/data/client.js';
import type { CliIo } from '../queue/admin-client.js';
import { VERSION } from '../version.js';
import { AgentError } from './errors.js';
import { errorResult, inputChecker, textResult, type ToolContext } from './tool.js';
import { TOOLS } from './tools.js';

/** The docs folder of the package (dist/runtime/agents → the package root). */
export const DOCS_DIR = new URL('../../../docs/', import.meta.url);
const MANIFEST_URI = 'localhooks://app/manifest';
const DOC_URI = 'localhooks://docs/';

const INSTRUCTIONS = `localhooks serves a Codehooks.io app locally (routes under /dev, datastore, key-value, queues, cron, workflows, an offline LLM).
Loop: edit the app's files → build_status {changedFrom: <previous at>} waits for the reload → call_route → read_logs / query_documents.
Data tools act on the running server's data folder; save_snapshot before destructive experiments.`;

/**
 * The MCP server of `localhooks mcp`: each tool checks its arguments against its JSON Schema (an invalid one is a
 * tool error naming the field) and calls the admin API of the server at `origin`, as the CLI does.
 */
export function createMcpServer(options: { origin: string; io: CliIo }): Server {
  const ctx: ToolContext = { admin: new AdminClient(options.io, options.origin), origin: options.origin, fetch: options.io.fetch };
  const byName = new Map(TOOLS.map((t) => [t.name, { tool: t, check: inputChecker(t) }]));
  const server = new Server({ name: 'localhooks', version: VERSION }, { capabilities: { tools: {}, resources: {} }, instructions: INSTRUCTIONS });

  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: TOOLS.map((t) => ({ name: t.name, description: t.description, inputSchema: { ...t.input, additionalProperties: false } })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (req) => {
    const entry = byName.get(req.params.name);
    try {
      if (!entry) throw new AgentError('LH_MCP_BAD_INPUT', `no tool "${req.params.name}"; the tools are ${TOOLS.map((t) => t.name).join(', ')}`);
      return textResult(await entry.tool.run(entry.check(req.params.arguments), ctx));
    } catch (err) {
      return errorResult(err);
    }
  });

  server.setRequestHandler(ListResourcesRequestSchema, async () => {
    const docs = (await readdir(DOCS_DIR).catch(() => [] as string[])).filter((f) => f.endsWith('.md')).sort();
    return {
      resources: [
        { uri: MANIFEST_URI, name: 'The app manifest', description: 'Routes, workers, jobs, workflows, channels and build state of the running app', mimeType: 'application/json' },
        ...docs.map((f) => ({ uri: `${DOC_URI}${f}`, name: `docs/${f}`, mimeType: 'text/markdown' })),
      ],
    };
  });
  server.setRequestHandler(ReadResourceRequestSchema, async (req) => {
    const uri = req.params.uri;
    if (uri === MANIFEST_URI) return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(await ctx.admin.get('/overview'), null, 2) }] };
    const name = uri.startsWith(DOC_URI) ? uri.slice(DOC_URI.length) : '';
    if (!/^[a-z0-9-]+\.md$/.test(name)) throw new AgentError('LH_MCP_BAD_INPUT', `no resource ${uri}`);
    const text = await readFile(new URL(name, DOCS_DIR), 'utf8').catch(() => {
      throw new AgentError('LH_MCP_BAD_INPUT', `no resource ${uri}`);
    });
    return { contents: [{ uri, mimeType: 'text/markdown', text }] };
  });
  return server;
}

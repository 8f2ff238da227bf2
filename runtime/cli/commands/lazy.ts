import type { Command } from '../command.js';

/**
 * Each command by name, loaded when it runs: `localhooks dev` then loads only what a server needs, not the MCP
 * SDK, the agent tools or the data tools of the other commands. Same names and order as COMMANDS (index.ts);
 * a test keeps the two in step.
 */
export const COMMAND_LOADERS: ReadonlyMap<string, () => Promise<Command>> = new Map([
  ['dev', async () => (await import('./dev.js')).devCommand],
  ['serve', async () => (await import('./serve.js')).serveCommand],
  ['workflow-status', async () => (await import('./workflow-status.js')).workflowStatusCommand],
  ['queue-status', async () => (await import('./queue-status.js')).queueStatusCommand],
  ['jobs', async () => (await import('./jobs.js')).jobsCommand],
  ['webhook', async () => (await import('./webhook.js')).webhookCommand],
  ['files', async () => (await import('./files.js')).filesCommand],
  ['create', async () => (await import('./create.js')).createCommand],
  ['query', async () => (await import('./query.js')).queryCommand],
  ['count', async () => (await import('./count.js')).countCommand],
  ['kv', async () => (await import('./kv.js')).kvCommand],
  ['export', async () => (await import('./export.js')).exportCommand],
  ['import', async () => (await import('./import.js')).importCommand],
  ['reset', async () => (await import('./reset.js')).resetCommand],
  ['logs', async () => (await import('./logs.js')).logsCommand],
  ['snapshot', async () => (await import('./snapshot.js')).snapshotCommand],
  ['time', async () => (await import('./time.js')).timeCommand],
  ['mcp', async () => (await import('./mcp.js')).mcpCommand],
  ['describe', async () => (await import('./describe.js')).describeCommand],
  ['doctor', async () => (await import('./doctor.js')).doctorCommand],
  ['prompt', async () => (await import('./prompt.js')).promptCommand],
]);

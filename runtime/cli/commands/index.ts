import type { Command } from '../command.js';
import { countCommand } from './count.js';
import { createCommand } from './create.js';
import { describeCommand } from './describe.js';
import { devCommand } from './dev.js';
import { doctorCommand } from './doctor.js';
import { serveCommand } from './serve.js';
import { filesCommand } from './files.js';
import { exportCommand } from './export.js';
import { importCommand } from './import.js';
import { jobsCommand } from './jobs.js';
import { kvCommand } from './kv.js';
import { logsCommand } from './logs.js';
import { promptCommand } from './prompt.js';
import { mcpCommand } from './mcp.js';
import { queryCommand } from './query.js';
import { queueStatusCommand } from './queue-status.js';
import { resetCommand } from './reset.js';
import { snapshotCommand } from './snapshot.js';
import { timeCommand } from './time.js';
import { webhookCommand } from './webhook.js';
import { workflowStatusCommand } from './workflow-status.js';

/** Every CLI command, in the order `--help` lists them. */
export const COMMANDS: Command[] = [
  devCommand,
  serveCommand,
  workflowStatusCommand,
  queueStatusCommand,
  jobsCommand,
  webhookCommand,
  filesCommand,
  createCommand,
  // Data tools (docs/data.md).
  queryCommand,
  countCommand,
  kvCommand,
  exportCommand,
  importCommand,
  resetCommand,
  logsCommand,
  snapshotCommand,
  timeCommand,
  // Coding agents (docs/agents.md).
  mcpCommand,
  describeCommand,
  doctorCommand,
  promptCommand,
];

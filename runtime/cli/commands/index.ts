import type { Command } from '../command.js';
import { createCommand } from './create.js';
import { devCommand } from './dev.js';
import { filesCommand } from './files.js';
import { jobsCommand } from './jobs.js';
import { queueStatusCommand } from './queue-status.js';
import { webhookCommand } from './webhook.js';
import { workflowStatusCommand } from './workflow-status.js';

/** Every CLI command, in the order `--help` lists them. */
export const COMMANDS: Command[] = [devCommand, workflowStatusCommand, queueStatusCommand, jobsCommand, webhookCommand, filesCommand, createCommand];

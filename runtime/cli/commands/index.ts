import type { Command } from '../command.js';
import { devCommand } from './dev.js';

/** Every CLI command, in the order `--help` lists them. */
export const COMMANDS: Command[] = [devCommand];

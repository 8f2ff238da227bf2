import type { Tool } from './tool.js';
import { APP_TOOLS } from './tools-app.js';
import { DATA_TOOLS } from './tools-data.js';
import { OPS_TOOLS } from './tools-ops.js';

/** Every tool `localhooks mcp` offers, in the order clients list them (kept apart from the MCP SDK, which is slow to load). */
export const TOOLS: readonly Tool[] = Object.freeze([...APP_TOOLS, ...DATA_TOOLS, ...OPS_TOOLS]);

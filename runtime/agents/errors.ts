import { LocalhooksError } from '../errors.js';

/** Stable codes of the agent tools (`localhooks mcp`, `doctor`); each is a row in docs/errors.md. */
export const AGENT_ERRORS = {
  LH_MCP_BAD_INPUT: 400,
  LH_MCP_REMOTE_REFUSED: 403,
  LH_MCP_TIMEOUT: 504,
  LH_MCP_SERVER_UNREACHABLE: 502,
  LH_MCP_NO_ADMIN_API: 502,
} as const;

export type AgentErrorCode = keyof typeof AGENT_ERRORS;

export class AgentError extends LocalhooksError {
  constructor(code: AgentErrorCode, message: string) {
    super(code, message, { status: AGENT_ERRORS[code] });
    this.name = 'AgentError';
  }
}

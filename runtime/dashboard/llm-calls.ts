import type { FastifyInstance } from 'fastify';
import { ADMIN_API } from '../admin/prefix.js';
import type { LlmCall, LlmJournal } from '../llm/index.js';
import { bool, int, list, obj, record, routeSchema } from '../admin/schema.js';

export interface CallTokens {
  prompt: number | null;
  completion: number | null;
}

/** Token counts from an OpenAI (`prompt_tokens`/`completion_tokens`) or Responses/Anthropic (`input_tokens`/`output_tokens`) answer. */
export function tokensOf(response: unknown): CallTokens {
  const u = (response as { usage?: Record<string, unknown> } | null)?.usage;
  const n = (v: unknown) => (typeof v === 'number' ? v : null);
  return { prompt: n(u?.prompt_tokens ?? u?.input_tokens), completion: n(u?.completion_tokens ?? u?.output_tokens) };
}

const summarize = (c: LlmCall) => ({ ...c, tokens: tokensOf(c.response) });

const SCHEMAS = {
  calls: routeSchema({ tag: 'llm', summary: 'The journal of LLM calls the app made, newest first', query: { limit: int('1..1000, default 200') }, reply: obj({ calls: list(record('the request, the answer, tokens')), kept: int('calls the journal keeps') }) }),
  clear: routeSchema({ tag: 'llm', summary: 'Clear the journal of LLM calls', reply: obj({ cleared: bool() }) }),
};

/**
 * `GET /.localhooks/api/llm/calls[?limit]` → `{calls (newest first), kept}`: the LLM journal for the dashboard
 * (`localhooks dev` keeps the last 200 calls; the mode and fault settings are at `/llm` and `/llm/faults`).
 */
export function registerLlmCallRoutes(app: FastifyInstance, journal: LlmJournal): void {
  app.get<{ Querystring: { limit?: string } }>(`${ADMIN_API}/llm/calls`, { schema: SCHEMAS.calls }, async (req) => {
    const limit = Math.max(1, Math.min(1000, Number(req.query.limit) || 200));
    return { calls: journal.calls().reverse().slice(0, limit).map(summarize), kept: journal.limit };
  });
  app.delete(`${ADMIN_API}/llm/calls`, { schema: SCHEMAS.clear }, async () => {
    journal.clear();
    return { cleared: true };
  });
}

import type { FastifyInstance } from 'fastify';
import { ADMIN_API } from '../admin/prefix.js';
import { configError } from './errors.js';
import type { FaultBoard } from './fault-board.js';
import { checkFaultSpec, parseFaults } from './faults.js';
import { sharedLlmStats, type LlmStats } from './stats.js';
import { int, list, obj, record, routeSchema, str } from '../admin/schema.js';

export interface LlmAdminSources {
  faults: FaultBoard;
  mode: string;
  /** Default: the process-wide counters. */
  stats?: LlmStats;
}

const FAULTS = obj({ spec: str('the rules as --llm-faults text'), rules: list(record()) }, ['spec', 'rules']);
const SCHEMAS = {
  status: routeSchema({ tag: 'llm', summary: 'The offline LLM: mode, fault rules, call counters', reply: obj({ mode: str(), faults: record(), stats: record() }) }),
  faults: routeSchema({ tag: 'llm', summary: 'The fault rules in force', reply: FAULTS }),
  setFaults: routeSchema({
    tag: 'llm',
    summary: 'Replace the fault rules (counters start again)',
    body: obj({ spec: str('like 429:first2@/responses,latency:200ms'), rules: list(record()), latencyMs: int(), tokensPerSec: int() }, ['spec', 'rules', 'latencyMs', 'tokensPerSec']),
    reply: FAULTS,
  }),
  clearFaults: routeSchema({ tag: 'llm', summary: 'Clear the fault rules', reply: FAULTS }),
};

/**
 * The LLM endpoint's controls under the admin API, for the CLI and the dashboard:
 * - `GET /.localhooks/api/llm` → `{mode, faults, stats}`
 * - `GET /.localhooks/api/llm/faults` → the rules in force (`spec` as `--llm-faults` text, and as fields)
 * - `PUT /.localhooks/api/llm/faults` with `{"spec": "429:first2@/responses"}` or `{"rules": [...], "latencyMs": …}`
 *   replaces them at once (counters start again); a bad spec is a 400 `LH_LLM_CONFIG` naming the item
 * - `DELETE /.localhooks/api/llm/faults` clears them
 */
export function registerLlmAdminRoutes(app: FastifyInstance, sources: LlmAdminSources): void {
  const stats = sources.stats ?? sharedLlmStats;
  const base = `${ADMIN_API}/llm`;
  app.get(base, { schema: SCHEMAS.status }, async () => ({ mode: sources.mode, faults: sources.faults.snapshot(), stats: stats.snapshot() }));
  app.get(`${base}/faults`, { schema: SCHEMAS.faults }, async () => sources.faults.snapshot());
  app.put(`${base}/faults`, { schema: SCHEMAS.setFaults }, async (request) => {
    const body = jsonBody(request.body);
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw configError('PUT /llm/faults needs a JSON object: {"spec": "429:first2"} or {"rules": [...], "latencyMs": 0, "tokensPerSec": 0}.');
    }
    const spec = (body as { spec?: unknown }).spec;
    if (spec !== undefined && typeof spec !== 'string') throw configError("PUT /llm/faults: 'spec' must be a string like '429:first2,latency:200ms'.");
    sources.faults.set(typeof spec === 'string' ? parseFaults(spec) : checkFaultSpec(body));
    return sources.faults.snapshot();
  });
  app.delete(`${base}/faults`, { schema: SCHEMAS.clearFaults }, async () => {
    sources.faults.clear();
    return sources.faults.snapshot();
  });
}

/** The admin server hands bodies over as bytes (its routes parse what they expect). */
function jsonBody(raw: unknown): unknown {
  if (!Buffer.isBuffer(raw) && typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw.toString());
  } catch {
    throw configError('PUT /llm/faults: the body is not valid JSON.');
  }
}

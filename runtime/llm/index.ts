/**
 * The offline LLM endpoint: OpenAI's APIs (chat, Responses, completions, embeddings) and Anthropic's Messages API
 * under `/.localhooks/llm/v1`, answered locally (deterministic summaries, labels, sentiment, structured outputs
 * valid against their schema, tool calls, embeddings), forwarded to the real services or a local model server,
 * recorded and replayed, with injected faults (changeable at run time) to exercise an app's retry code.
 * See docs/llm.md.
 */
import type { FastifyInstance } from 'fastify';
import { LLM_PREFIX } from '../admin/prefix.js';
import { llmRoutes } from './llm.routes.js';
import { describeLlmMode, resolveLlmOptions } from './options.js';
import type { LlmOptions } from './types.js';

export type { FaultKind, FaultRule, FaultSpec, LlmMode, LlmOptions } from './types.js';
export type { LlmStatsSnapshot } from './stats.js';
export { LlmStats, llmStats, sharedLlmStats } from './stats.js';
export { parseFaults, describeFaults, formatFaults, checkFaultSpec } from './faults.js';
export { FaultBoard, type FaultBoardSnapshot, type FaultDecision } from './fault-board.js';
export { registerLlmAdminRoutes } from './llm-admin.routes.js';
export { createSeededRandom } from './random.js';
export { describeLlmMode, DEFAULT_UPSTREAM_URL } from './options.js';
export { LLM_ERROR_CODES, LlmError } from './errors.js';
export { LlmJournal, MAX_JOURNAL_CALLS, type LlmCall } from './journal.js';
export { LlmScript, type FailOptions, type FailWith, type LlmAnswer, type LlmCallInfo, type LlmMatch, type ReplyOptions } from './script.js';
export { recordingKey } from './recording.store.js';
export { LLM_PREFIX };

/**
 * Registers the LLM API on any fastify instance, under LLM_PREFIX (the plugin adds the prefix itself:
 * register it without one). Options are checked first; a bad mode, URL or fault spec throws LH_LLM_CONFIG.
 *
 * @example
 * await app.register(registerLlm, { mode: 'offline', logger });
 * // or: await registerLlm(app, { mode: 'record', recordDir: '.localhooks/llm-recordings', logger });
 */
export async function registerLlm(fastify: FastifyInstance, options: LlmOptions): Promise<void> {
  const resolved = resolveLlmOptions(options);
  resolved.logger.debug(describeLlmMode(options));
  await fastify.register(async (scope) => llmRoutes(scope, resolved), { prefix: LLM_PREFIX });
}

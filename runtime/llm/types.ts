import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { FaultBoard } from './fault-board.js';
import type { LlmJournal } from './journal.js';
import type { LlmScript } from './script.js';
import type { LlmStats } from './stats.js';

export type LlmMode = 'offline' | 'live' | 'record' | 'replay';

/** What a fault does: fail with an HTTP status, cut the answer off mid-way, or send a body that is not JSON. */
export type FaultKind = 'status' | 'cut' | 'malformed';

/**
 * One fault rule. It takes the next `first` matching calls, or each matching call with `probability`; rules are
 * tried in the order written. `route` and `model` narrow which calls match (default: every model call).
 */
export interface FaultRule {
  kind: FaultKind;
  /** The HTTP status of a `status` fault (400..599). */
  status?: number;
  first?: number;
  probability?: number;
  /** A route under the API base: `/chat/completions`, `/responses`, `/messages`, `/embeddings`, `/completions`. */
  route?: string;
  model?: string;
}

/** What `parseFaults('429:0.3,cut:first1@/responses,latency:200ms,tps:50')` returns. */
export interface FaultSpec {
  rules: FaultRule[];
  /** Time to first token: every model call waits this long (ms, on the injected clock) before it is answered or failed. */
  latencyMs: number;
  /** Output pace once the answer starts: streamed events one token apart, a whole answer after its tokens. 0: no pacing. */
  tokensPerSec: number;
  /** `retry-after` seconds sent with a 429. Default 1. */
  retryAfterSec: number;
}

/**
 * Options of `registerLlm`. The CLI maps `--llm` → mode, `--llm-url` → upstreamUrl, `--llm-model` → upstreamModel,
 * `--llm-faults` → faults, `.localhooks/llm-recordings` (or `--llm-dir`) → recordDir, `OPENAI_API_KEY` → apiKey.
 */
export interface LlmOptions {
  /** Default `offline`, or `live` when `upstreamUrl` is given. */
  mode?: LlmMode;
  /** Folder of request→response JSON files. Required for `record` and `replay`. */
  recordDir?: string;
  /** OpenAI-compatible base URL ending in `/v1`. Default `https://api.openai.com/v1`. */
  upstreamUrl?: string;
  /** Replaces `model` in forwarded requests (e.g. `llama3.2` for Ollama). */
  upstreamModel?: string;
  /** Bearer key for the upstream. Without it the caller's own `authorization` header is passed on. */
  apiKey?: string;
  /** Where `/messages` (Anthropic's API) is forwarded. Default: `upstreamUrl` when given, else Anthropic's API. */
  anthropicUrl?: string;
  /** `x-api-key` for the Anthropic upstream. Without it the caller's own `x-api-key` is passed on. */
  anthropicApiKey?: string;
  /** A spec, the `--llm-faults` string, or a board the admin API changes at run time. */
  faults?: FaultSpec | string | FaultBoard;
  logger: Logger;
  clock?: Clock;
  /** Random numbers in [0,1) for probability faults. Default: a seeded generator (seed 1), so runs repeat. */
  random?: () => number;
  /** Per-route call counters. Default: the process-wide one that `llmStats()` reads. */
  stats?: LlmStats;
  /** Used to forward; tests inject their own. Default global `fetch`. */
  fetchImpl?: typeof fetch;
  /** Where each model call is recorded (the test kit's `server.llm.calls`). Default: none. */
  journal?: LlmJournal;
  /** Scripted replies and faults for the next calls (the test kit's `server.llm.reply` / `fail`). Default: none. */
  script?: LlmScript;
}

export type ChatRole = 'system' | 'developer' | 'user' | 'assistant' | 'tool' | 'function';

export interface ChatMessage {
  role: ChatRole;
  /** A string, an array of content parts, or null (assistant tool calls). */
  content: unknown;
  name?: string;
  /** On a `tool` message: the call it answers. */
  tool_call_id?: string;
  /** On an assistant message: the calls it made. */
  tool_calls?: Array<{ id?: string; function?: { name?: string } }>;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  max_tokens?: number;
  max_completion_tokens?: number;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  response_format?: unknown;
  tools?: unknown;
  tool_choice?: unknown;
  temperature?: number;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export type FinishReason = 'stop' | 'length';

/** What a responder produces before it is wrapped into an OpenAI response. */
export interface Answer {
  content: string;
  finishReason: FinishReason;
}

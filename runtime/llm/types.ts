import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { LlmJournal } from './journal.js';
import type { LlmScript } from './script.js';
import type { LlmStats } from './stats.js';

export type LlmMode = 'offline' | 'live' | 'record' | 'replay';

/** One deterministic fault rule: the next `first` calls fail with `status` (rules apply in the order written). */
export interface FirstNFault {
  status: number;
  first: number;
}

/** One random fault rule: each call fails with `status` with this probability (0..1). */
export interface ProbabilityFault {
  status: number;
  probability: number;
}

/** What `parseFaults('429:0.3,500:first1,latency:200ms')` returns. */
export interface FaultSpec {
  firstN: FirstNFault[];
  random: ProbabilityFault[];
  /** Delay before every answer (faulted or not), through the injected clock. */
  latencyMs: number;
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
  /** A spec or the `--llm-faults` string. */
  faults?: FaultSpec | string;
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
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  max_tokens?: number;
  max_completion_tokens?: number;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  response_format?: { type?: string };
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

import { LLM_PREFIX } from '../admin/prefix.js';
import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';
import type { Logger } from '../logger.js';
import { configError } from './errors.js';
import { describeFaults, parseFaults } from './faults.js';
import { createSeededRandom, DEFAULT_FAULT_SEED } from './random.js';
import type { LlmJournal } from './journal.js';
import type { LlmScript } from './script.js';
import type { LlmStats } from './stats.js';
import { sharedLlmStats } from './stats.js';
import type { LlmMode, LlmOptions } from './types.js';
import { FaultBoard } from './fault-board.js';

export const DEFAULT_UPSTREAM_URL = 'https://api.openai.com/v1';
export const DEFAULT_ANTHROPIC_URL = 'https://api.anthropic.com/v1';
const MODES: readonly LlmMode[] = ['offline', 'live', 'record', 'replay'];

export interface ResolvedLlmOptions {
  mode: LlmMode;
  recordDir: string | undefined;
  upstreamUrl: string;
  upstreamModel: string | undefined;
  apiKey: string | undefined;
  anthropicUrl: string;
  anthropicApiKey: string | undefined;
  faults: FaultBoard;
  logger: Logger;
  clock: Clock;
  random: () => number;
  stats: LlmStats;
  fetchImpl: typeof fetch;
  journal: LlmJournal | null;
  script: LlmScript | null;
}

/** `--llm-url` alone means "answer from there": live, unless a mode says otherwise. */
function modeOf(options: Pick<LlmOptions, 'mode' | 'upstreamUrl'>): LlmMode {
  return options.mode ?? (options.upstreamUrl ? 'live' : 'offline');
}

/** Checks the options once at start-up; a mistake in a CLI flag is an error before the server listens. */
export function resolveLlmOptions(options: LlmOptions): ResolvedLlmOptions {
  const mode = modeOf(options);
  if (!MODES.includes(mode)) throw configError(`Unknown --llm mode '${String(mode)}': use offline, live, record or replay.`);
  if ((mode === 'record' || mode === 'replay') && !options.recordDir) {
    throw configError(`--llm ${mode} needs a recordings folder (recordDir).`);
  }
  const upstreamUrl = (options.upstreamUrl ?? DEFAULT_UPSTREAM_URL).replace(/\/+$/, '');
  // A local model server given with --llm-url (Ollama) answers Anthropic's API too; else Anthropic's own.
  const anthropicUrl = (options.anthropicUrl ?? (options.upstreamUrl ? upstreamUrl : DEFAULT_ANTHROPIC_URL)).replace(/\/+$/, '');
  for (const url of [upstreamUrl, anthropicUrl]) {
    if (!/^https?:\/\/[^/]/.test(url) || !URL.canParse(url)) {
      throw configError(`--llm-url '${url}' is not an http(s) URL (example: http://localhost:11434/v1).`);
    }
  }
  const random = options.random ?? createSeededRandom(DEFAULT_FAULT_SEED);
  return {
    mode,
    recordDir: options.recordDir,
    upstreamUrl,
    upstreamModel: options.upstreamModel || undefined,
    apiKey: options.apiKey || undefined,
    anthropicUrl,
    anthropicApiKey: options.anthropicApiKey || undefined,
    faults: faultBoard(options.faults, random),
    logger: options.logger,
    clock: options.clock ?? systemClock,
    random,
    stats: options.stats ?? sharedLlmStats,
    fetchImpl: options.fetchImpl ?? fetch,
    journal: options.journal ?? null,
    script: options.script ?? null,
  };
}

function faultBoard(faults: LlmOptions['faults'], random: () => number): FaultBoard {
  if (faults instanceof FaultBoard) return faults;
  return new FaultBoard(typeof faults === 'string' ? parseFaults(faults) : (faults ?? null), random);
}

/**
 * One line for the start-up banner, e.g.
 * `LLM: offline (OpenAI and Anthropic APIs answered locally at /.localhooks/llm/v1)`.
 */
export function describeLlmMode(options: Omit<LlmOptions, 'logger'> & { logger?: Logger }): string {
  const mode = modeOf(options);
  const url = (options.upstreamUrl ?? DEFAULT_UPSTREAM_URL).replace(/\/+$/, '');
  const model = options.upstreamModel ? `, model → ${options.upstreamModel}` : '';
  let line: string;
  switch (mode) {
    case 'offline':
      line = `LLM: offline (OpenAI and Anthropic APIs answered locally at ${LLM_PREFIX})`;
      break;
    case 'live':
      line = `LLM: live (${LLM_PREFIX} forwards to ${url}${model})`;
      break;
    case 'record':
      line = `LLM: record (${LLM_PREFIX} forwards to ${url}${model}; saving calls to ${options.recordDir ?? '?'})`;
      break;
    case 'replay':
      line = `LLM: replay (${LLM_PREFIX} answers from recordings in ${options.recordDir ?? '?'}; a miss is an error)`;
      break;
    default:
      line = `LLM: unknown mode '${String(mode)}'`;
  }
  if (options.faults) {
    let faults: string;
    try {
      const f = options.faults;
      faults = describeFaults(f instanceof FaultBoard ? f.spec : typeof f === 'string' ? parseFaults(f) : f);
    } catch {
      faults = String(options.faults); // the banner must not throw; registerLlm reports the bad spec
    }
    // A board with no rules yet (the admin API may add some later) is not worth a mention.
    if (faults !== 'none' || !(options.faults instanceof FaultBoard)) line += ` + faults: ${faults}`;
  }
  return line;
}

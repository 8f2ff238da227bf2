import { join } from 'node:path';
import { LLM_PREFIX } from './admin/prefix.js';
import { LocalhooksError } from './errors.js';
// The LLM's modules one by one, not its index: the routes behind it load only when the LLM is first called.
import { FaultBoard } from './llm/fault-board.js';
import { parseFaults } from './llm/faults.js';
import { describeLlmMode, resolveLlmOptions as checkPluginOptions } from './llm/options.js';
import { createSeededRandom } from './llm/random.js';
import type { LlmOptions } from './llm/types.js';
import type { Logger } from './logger.js';

export type LlmMode = 'offline' | 'live' | 'record' | 'replay';
export const LLM_MODES: readonly LlmMode[] = ['offline', 'live', 'record', 'replay'];

/** The `--llm*` flags as the CLI (or a config) gives them. */
export interface LlmCliOptions {
  mode?: LlmMode;
  url?: string;
  model?: string;
  faults?: string;
}

/** Stands in for a real key so SDKs that refuse to start without one (`new OpenAI()`) work offline. */
export const OFFLINE_API_KEY = 'sk-localhooks-offline';
/** The same for Anthropic's SDK, which refuses to send a request without a key. */
export const OFFLINE_ANTHROPIC_KEY = 'sk-ant-localhooks-offline';
// Probability faults draw from a seeded generator, so a run's sequence of faults repeats.
const FAULT_SEED = 1;

/**
 * Turns the flags into the LLM plugin's options and the environment the app sees. The app's OpenAI calls
 * always reach the local endpoint; it answers offline, forwards (live, `--llm-url`), records or replays.
 */
export function resolveLlmOptions(cli: LlmCliOptions, env: Record<string, string | undefined>, dataDir: string, logger: Logger) {
  const realKey = env.OPENAI_API_KEY && env.OPENAI_API_KEY !== OFFLINE_API_KEY ? env.OPENAI_API_KEY : undefined;
  const realAnthropicKey = env.ANTHROPIC_API_KEY && env.ANTHROPIC_API_KEY !== OFFLINE_ANTHROPIC_KEY ? env.ANTHROPIC_API_KEY : undefined;
  const mode: LlmMode = cli.mode ?? (cli.url ? 'live' : realKey ? 'live' : 'offline');
  if (!LLM_MODES.includes(mode)) throw new LocalhooksError('LH_BAD_OPTION', `--llm must be one of ${LLM_MODES.join(', ')} (got "${String(mode)}")`, { status: 400 });
  let faults;
  try {
    faults = cli.faults ? parseFaults(cli.faults) : undefined;
  } catch (err) {
    throw new LocalhooksError('LH_BAD_OPTION', `--llm-faults: ${(err as Error).message}`, { status: 400 });
  }
  // One board for the run: the admin API and the test kit change the rules the routes apply.
  const board = new FaultBoard(faults ?? null, createSeededRandom(FAULT_SEED));
  const pluginOptions: LlmOptions = {
    mode,
    recordDir: join(dataDir, 'llm-recordings'),
    upstreamUrl: cli.url,
    upstreamModel: cli.model,
    apiKey: realKey,
    anthropicApiKey: realAnthropicKey,
    faults: board,
    logger,
  };
  // Checked here, at start: the LLM's routes are registered only when first called.
  checkPluginOptions(pluginOptions);
  return {
    mode,
    faults: board,
    pluginOptions,
    banner: describeLlmMode(pluginOptions),
    /** Added under the app's own `.env`, which wins. */
    appEnv(port: number): Record<string, string> {
      const out: Record<string, string> = {
        OPENAI_BASE_URL: `http://127.0.0.1:${port}${LLM_PREFIX}`,
        // Anthropic's client adds `/v1/messages` to its base itself.
        ANTHROPIC_BASE_URL: `http://127.0.0.1:${port}${LLM_PREFIX.replace(/\/v1$/, '')}`,
      };
      if (!env.OPENAI_API_KEY) out.OPENAI_API_KEY = OFFLINE_API_KEY;
      if (!env.ANTHROPIC_API_KEY) out.ANTHROPIC_API_KEY = OFFLINE_ANTHROPIC_KEY;
      return out;
    },
  };
}

import { LLM_ERROR_CODES, LlmError } from './errors.js';
import { checkFaultSpec, describeFaults, emptyFaults, formatFaults } from './faults.js';
import type { FaultRule, FaultSpec } from './types.js';

// Fake quota numbers for the x-ratelimit-* headers; only their presence and shape matter to clients.
const RATE_LIMIT_REQUESTS = 60;
const RATE_LIMIT_TOKENS = 150_000;

/** What happens to one call: an error status, an answer cut off mid-way, or a body that is not JSON. */
export type FaultDecision =
  | { kind: 'status'; status: number; retryAfterSec: number }
  | { kind: 'cut' }
  | { kind: 'malformed' };

/** The call a rule is matched against: its route under the API base (`/responses`) and its model. */
export interface FaultTarget {
  route: string;
  model: string | null;
}

export interface FaultBoardSnapshot {
  /** The spec as `--llm-faults` text. */
  spec: string;
  description: string;
  rules: Array<FaultRule & { left?: number }>;
  latencyMs: number;
  tokensPerSec: number;
  retryAfterSec: number;
}

/**
 * The fault rules in force, changeable while the server runs (the admin API, the dashboard). Deterministic
 * `first` rules are tried first, in order; then one seeded draw decides among the probability rules that match.
 */
export class FaultBoard {
  #spec: FaultSpec;
  #left: number[] = [];
  readonly #random: () => number;

  constructor(spec: FaultSpec | null, random: () => number) {
    this.#random = random;
    this.#spec = emptyFaults();
    this.set(spec ?? emptyFaults());
  }

  get spec(): FaultSpec {
    return structuredClone(this.#spec);
  }

  /** Replaces every rule; `first` counters start again. */
  set(spec: FaultSpec): void {
    this.#spec = checkFaultSpec(spec);
    this.#left = this.#spec.rules.map((r) => r.first ?? 0);
  }

  clear(): void {
    this.set(emptyFaults());
  }

  get latencyMs(): number {
    return this.#spec.latencyMs;
  }

  get tokensPerSec(): number {
    return this.#spec.tokensPerSec;
  }

  get active(): boolean {
    return this.#spec.rules.length > 0 || this.#spec.latencyMs > 0 || this.#spec.tokensPerSec > 0;
  }

  decide(target: FaultTarget): FaultDecision | null {
    const rules = this.#spec.rules;
    for (let i = 0; i < rules.length; i++) {
      if (rules[i]!.first === undefined || this.#left[i]! <= 0 || !matches(rules[i]!, target)) continue;
      this.#left[i]!--;
      return this.#decision(rules[i]!);
    }
    const chances = rules.filter((r) => r.probability !== undefined && matches(r, target));
    if (chances.length === 0) return null;
    const r = this.#random();
    let acc = 0;
    for (const rule of chances) {
      acc += rule.probability!;
      if (r < acc) return this.#decision(rule);
    }
    return null;
  }

  #decision(rule: FaultRule): FaultDecision {
    return rule.kind === 'status' ? { kind: 'status', status: rule.status!, retryAfterSec: this.#spec.retryAfterSec } : { kind: rule.kind };
  }

  snapshot(): FaultBoardSnapshot {
    const s = this.#spec;
    return {
      spec: formatFaults(s),
      description: describeFaults(s),
      rules: s.rules.map((r, i) => (r.first !== undefined ? { ...r, left: this.#left[i]! } : { ...r })),
      latencyMs: s.latencyMs,
      tokensPerSec: s.tokensPerSec,
      retryAfterSec: s.retryAfterSec,
    };
  }
}

function matches(rule: FaultRule, target: FaultTarget): boolean {
  return (rule.route === undefined || rule.route === target.route) && (rule.model === undefined || rule.model === target.model);
}

/** An injected failure in OpenAI's words; the Anthropic routes reword it (anthropic/errors.ts). */
export function injectedError(status: number, model: string, retryAfterSec: number, note: string): LlmError {
  const code = LLM_ERROR_CODES.FAULT_INJECTED;
  if (status === 429) {
    return new LlmError(
      code,
      `Rate limit reached for ${model} on requests per min (RPM): Limit ${RATE_LIMIT_REQUESTS}, Used ${RATE_LIMIT_REQUESTS}, Requested 1. Please try again in ${retryAfterSec}s. ${note}`,
      { status, type: 'requests', openaiCode: 'rate_limit_exceeded', headers: rateLimitHeaders(retryAfterSec) },
    );
  }
  if (status === 503 || status === 529) {
    return new LlmError(code, `The engine is currently overloaded, please try again later. ${note}`, { status, type: 'server_error' });
  }
  if (status >= 500) {
    return new LlmError(code, `The server had an error while processing your request. Sorry about that! ${note}`, { status, type: 'server_error' });
  }
  return new LlmError(code, `Injected ${status} error. ${note}`, { status });
}

function rateLimitHeaders(retryAfterSec: number): Record<string, string> {
  return {
    'retry-after': String(Math.ceil(retryAfterSec)), // HTTP wants whole seconds; -ms has the exact value
    'retry-after-ms': String(Math.round(retryAfterSec * 1000)),
    'x-ratelimit-limit-requests': String(RATE_LIMIT_REQUESTS),
    'x-ratelimit-remaining-requests': '0',
    'x-ratelimit-reset-requests': `${retryAfterSec}s`,
    'x-ratelimit-limit-tokens': String(RATE_LIMIT_TOKENS),
    'x-ratelimit-remaining-tokens': String(RATE_LIMIT_TOKENS),
    'x-ratelimit-reset-tokens': '0s',
  };
}

export const FAULT_NOTES = {
  faults: '(Injected by localhooks fault rules: --llm-faults or /.localhooks/api/llm/faults.)',
  script: '(Injected by the test: server.llm.fail().)',
} as const;

import type { Clock } from '../clock.js';
import { configError, LLM_ERROR_CODES, LlmError } from './errors.js';
import type { FaultSpec } from './types.js';

/** What `retry-after` says when the spec does not: OpenAI's short rate-limit windows are about a second. */
export const DEFAULT_RETRY_AFTER_SEC = 1;
// Fake quota numbers for the x-ratelimit-* headers; only their presence and shape matter to clients.
const RATE_LIMIT_REQUESTS = 60;
const RATE_LIMIT_TOKENS = 150_000;

const USAGE = "expected items like '429:0.3', '500:first2', 'latency:200ms' or 'retry-after:2'";

/**
 * Parses `--llm-faults`: comma-separated items.
 * - `429:0.3` (or `429:30%`): each call fails with 429 with probability 0.3.
 * - `429:first2`: the first 2 calls fail with 429. Several `firstN` items run one after another:
 *   `429:first2,500:first1` fails calls 1–2 with 429 and call 3 with 500.
 * - `latency:200ms` (or `latency:1s`, `latency:200`): every call waits that long first.
 * - `retry-after:2` (or `2s`): the `retry-after` seconds of injected 429s. Default 1.
 */
export function parseFaults(text: string): FaultSpec {
  const spec: FaultSpec = { firstN: [], random: [], latencyMs: 0, retryAfterSec: DEFAULT_RETRY_AFTER_SEC };
  for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [name = '', value = ''] = item.split(':').map((s) => s.trim().toLowerCase());
    if (name === 'latency') spec.latencyMs = parseDuration(value, item);
    else if (name === 'retry-after') spec.retryAfterSec = parseDuration(value.replace(/^(\d+(?:\.\d+)?)$/, '$1s'), item) / 1000;
    else if (/^[45]\d\d$/.test(name)) {
      const status = Number(name);
      const first = /^first(\d+)$/.exec(value);
      if (first) spec.firstN.push({ status, first: Number(first[1]) });
      else spec.random.push({ status, probability: parseProbability(value, item) });
    } else throw configError(`Bad --llm-faults item '${item}': ${USAGE}.`);
  }
  const total = spec.random.reduce((s, r) => s + r.probability, 0);
  if (total > 1) throw configError(`Bad --llm-faults '${text}': the probabilities add up to ${total}, more than 1.`);
  return spec;
}

function parseDuration(value: string, item: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(value);
  if (!m) throw configError(`Bad --llm-faults item '${item}': expected a duration like 200ms or 2s.`);
  return Number(m[1]) * (m[2] === 's' ? 1000 : 1);
}

function parseProbability(value: string, item: string): number {
  const m = /^(\d+(?:\.\d+)?)(%)?$/.exec(value);
  const p = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
  if (!(p >= 0 && p <= 1)) throw configError(`Bad --llm-faults item '${item}': ${USAGE} (a probability is 0..1 or 0%..100%).`);
  return p;
}

export function describeFaults(spec: FaultSpec): string {
  const parts = [
    ...spec.firstN.map((f) => `${f.status} on the next ${f.first} call${f.first === 1 ? '' : 's'}`),
    ...spec.random.map((r) => `${r.status} ${Math.round(r.probability * 1000) / 10}%`),
    ...(spec.latencyMs ? [`latency ${spec.latencyMs}ms`] : []),
  ];
  return parts.join(', ') || 'none';
}

/** Decides, call by call, whether to fail. Deterministic rules first, then one random draw per call. */
export class FaultInjector {
  readonly #spec: FaultSpec;
  readonly #random: () => number;
  #calls = 0;

  constructor(spec: FaultSpec, random: () => number) {
    this.#spec = spec;
    this.#random = random;
  }

  get latencyMs(): number {
    return this.#spec.latencyMs;
  }

  /** The status this call fails with, or null to let it through. */
  next(): number | null {
    const call = ++this.#calls;
    let before = 0;
    for (const rule of this.#spec.firstN) {
      if (call <= before + rule.first) return rule.status;
      before += rule.first;
    }
    if (this.#spec.random.length === 0) return null;
    const r = this.#random();
    let acc = 0;
    for (const rule of this.#spec.random) {
      acc += rule.probability;
      if (r < acc) return rule.status;
    }
    return null;
  }

  error(status: number, model: string): LlmError {
    return injectedError(status, model, this.#spec.retryAfterSec, '(Injected by localhooks --llm-faults.)');
  }
}

/** The error an injected fault answers with, shaped like OpenAI's own (429s carry the rate-limit headers). */
export function injectedError(status: number, model: string, retryAfterSec: number, note: string): LlmError {
  const code = LLM_ERROR_CODES.FAULT_INJECTED;
  if (status === 429) {
    return new LlmError(
      code,
      `Rate limit reached for ${model} on requests per min (RPM): Limit ${RATE_LIMIT_REQUESTS}, Used ${RATE_LIMIT_REQUESTS}, Requested 1. Please try again in ${retryAfterSec}s. ${note}`,
      { status, type: 'requests', openaiCode: 'rate_limit_exceeded', headers: rateLimitHeaders(retryAfterSec) },
    );
  }
  if (status === 503) {
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

/** Waits through the injected clock, so tests with a FakeClock advance time instead of sleeping. */
export function delay(clock: Clock, ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}

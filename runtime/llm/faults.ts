import type { Clock } from '../clock.js';
import { configError } from './errors.js';
import type { FaultKind, FaultRule, FaultSpec } from './types.js';

/** What `retry-after` says when the spec does not: OpenAI's short rate-limit windows are about a second. */
export const DEFAULT_RETRY_AFTER_SEC = 1;
// A stand-in never needs more: a minute before the first token or a day of back-off is a typo.
const MAX_LATENCY_MS = 60_000;
const MAX_RETRY_AFTER_SEC = 86_400;
// Faster than this is no pacing at all; slower than 1 token/s stalls a test for no benefit.
const TOKENS_PER_SEC = { min: 1, max: 100_000 };

const USAGE =
  "expected items like '429:0.3', '500:first2', 'cut:first1', 'malformed:0.1', a scope like '429:first1@/responses@gpt-4o', " +
  "'latency:200ms', 'tps:50' or 'retry-after:2'";

export function emptyFaults(): FaultSpec {
  return { rules: [], latencyMs: 0, tokensPerSec: 0, retryAfterSec: DEFAULT_RETRY_AFTER_SEC };
}

/**
 * Parses `--llm-faults`: comma-separated items.
 * - `429:0.3` (or `429:30%`): each call fails with 429 with probability 0.3. `cut:0.2`, `malformed:0.2` likewise.
 * - `429:first2`: the next 2 calls fail with 429. Rules take calls in the order written:
 *   `429:first2,500:first1` fails calls 1–2 with 429 and call 3 with 500.
 * - `@/route` and `@model` after an item narrow it: `429:first1@/responses`, `cut:1@/chat/completions@gpt-4o`.
 * - `latency:200ms` (alias `ttft`): time to first token. `tps:50` (alias `tokens-per-sec`): pace after it.
 * - `retry-after:2` (or `2s`): the `retry-after` seconds of injected 429s. Default 1.
 */
export function parseFaults(text: string): FaultSpec {
  const spec = emptyFaults();
  for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [head = '', ...scopes] = item.split('@').map((s) => s.trim());
    const colon = head.indexOf(':');
    const name = (colon < 0 ? head : head.slice(0, colon)).trim().toLowerCase();
    const value = colon < 0 ? '' : head.slice(colon + 1).trim().toLowerCase();
    if (scopes.length > 0 && !isFaultName(name)) throw configError(`Bad --llm-faults item '${item}': only failures take an @ scope.`);
    if (name === 'latency' || name === 'ttft') spec.latencyMs = parseDuration(value, item);
    else if (name === 'tps' || name === 'tokens-per-sec') spec.tokensPerSec = parseRate(value, item);
    else if (name === 'retry-after') spec.retryAfterSec = parseDuration(value.replace(/^(\d+(?:\.\d+)?)$/, '$1s'), item) / 1000;
    else if (isFaultName(name)) spec.rules.push({ ...kindOf(name), ...parseWhen(value, item), ...parseScopes(scopes, item) });
    else throw configError(`Bad --llm-faults item '${item}': ${USAGE}.`);
  }
  return checkFaultSpec(spec, `--llm-faults '${text}'`);
}

function isFaultName(name: string): boolean {
  return /^[45]\d\d$/.test(name) || name === 'cut' || name === 'malformed';
}

function kindOf(name: string): Pick<FaultRule, 'kind' | 'status'> {
  return /^\d+$/.test(name) ? { kind: 'status', status: Number(name) } : { kind: name as FaultKind };
}

function parseWhen(value: string, item: string): Pick<FaultRule, 'first' | 'probability'> {
  const first = /^first(\d+)$/.exec(value);
  if (first) return { first: Number(first[1]) };
  const m = /^(\d+(?:\.\d+)?)(%)?$/.exec(value);
  const p = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
  if (!(p >= 0 && p <= 1)) throw configError(`Bad --llm-faults item '${item}': ${USAGE} (a probability is 0..1 or 0%..100%).`);
  return { probability: p };
}

function parseScopes(scopes: string[], item: string): Pick<FaultRule, 'route' | 'model'> {
  const out: Pick<FaultRule, 'route' | 'model'> = {};
  for (const s of scopes) {
    if (s === '') throw configError(`Bad --llm-faults item '${item}': an empty @ scope.`);
    if (s.startsWith('/')) out.route = s;
    else out.model = s;
  }
  return out;
}

function parseDuration(value: string, item: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(value);
  if (!m) throw configError(`Bad --llm-faults item '${item}': expected a duration like 200ms or 2s.`);
  return Number(m[1]) * (m[2] === 's' ? 1000 : 1);
}

function parseRate(value: string, item: string): number {
  const n = Number(value);
  if (!/^\d+(?:\.\d+)?$/.test(value)) throw configError(`Bad --llm-faults item '${item}': expected tokens per second, like tps:50.`);
  return n;
}

/**
 * Checks a spec, from the flag's parser or from JSON (the admin API), and returns it normalised. Errors name the
 * rule and field, so a dashboard can show them beside the input.
 */
export function checkFaultSpec(raw: unknown, source = 'faults'): FaultSpec {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw configError(`Bad ${source}: expected an object with rules, latencyMs, tokensPerSec, retryAfterSec.`);
  const r = raw as Partial<Record<keyof FaultSpec, unknown>>;
  const spec = emptyFaults();
  if (r.rules !== undefined && !Array.isArray(r.rules)) throw configError(`Bad ${source}: 'rules' must be an array.`);
  spec.rules = ((r.rules as unknown[] | undefined) ?? []).map((rule, i) => checkRule(rule, `${source} rules[${i}]`));
  spec.latencyMs = number(r.latencyMs, 0, 0, MAX_LATENCY_MS, `${source} latencyMs`);
  spec.tokensPerSec = number(r.tokensPerSec, 0, 0, TOKENS_PER_SEC.max, `${source} tokensPerSec`);
  if (spec.tokensPerSec > 0 && spec.tokensPerSec < TOKENS_PER_SEC.min) throw configError(`Bad ${source} tokensPerSec: at least ${TOKENS_PER_SEC.min}, or 0 for no pacing.`);
  spec.retryAfterSec = number(r.retryAfterSec, DEFAULT_RETRY_AFTER_SEC, 0, MAX_RETRY_AFTER_SEC, `${source} retryAfterSec`);
  // One draw decides among the probability rules a call matches; together they cannot exceed certainty.
  const groups = new Map<string, number>();
  for (const rule of spec.rules) if (rule.probability !== undefined) groups.set(scopeKey(rule), (groups.get(scopeKey(rule)) ?? 0) + rule.probability);
  const unscoped = groups.get('') ?? 0;
  for (const [key, total] of groups) {
    const sum = key === '' ? total : total + unscoped;
    if (sum > 1 + 1e-9) throw configError(`Bad ${source}: the probabilities${key ? ` for ${key}` : ''} add up to ${Math.round(sum * 1000) / 1000}, more than 1.`);
  }
  return spec;
}

function scopeKey(rule: FaultRule): string {
  return [rule.route, rule.model].filter(Boolean).join('@');
}

function checkRule(raw: unknown, at: string): FaultRule {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw configError(`Bad ${at}: expected an object like {"kind": "status", "status": 429, "first": 2}.`);
  const r = raw as Record<string, unknown>;
  const kind = r.kind ?? (r.status !== undefined ? 'status' : undefined);
  if (kind !== 'status' && kind !== 'cut' && kind !== 'malformed') throw configError(`Bad ${at}.kind: one of 'status', 'cut', 'malformed' (got ${JSON.stringify(r.kind)}).`);
  const rule: FaultRule = { kind };
  if (kind === 'status') {
    if (!Number.isInteger(r.status) || (r.status as number) < 400 || (r.status as number) > 599) throw configError(`Bad ${at}.status: an HTTP error status 400..599 (got ${JSON.stringify(r.status)}).`);
    rule.status = r.status as number;
  }
  if ((r.first === undefined) === (r.probability === undefined)) throw configError(`Bad ${at}: give either 'first' (the next N calls) or 'probability' (0..1).`);
  if (r.first !== undefined) {
    if (!Number.isInteger(r.first) || (r.first as number) < 1) throw configError(`Bad ${at}.first: a whole number ≥ 1.`);
    rule.first = r.first as number;
  } else rule.probability = number(r.probability, 0, 0, 1, `${at}.probability`);
  for (const key of ['route', 'model'] as const) {
    if (r[key] === undefined || r[key] === null || r[key] === '') continue;
    if (typeof r[key] !== 'string') throw configError(`Bad ${at}.${key}: a string.`);
    rule[key] = r[key] as string;
  }
  if (rule.route !== undefined && !rule.route.startsWith('/')) throw configError(`Bad ${at}.route: a path like /chat/completions.`);
  return rule;
}

function number(v: unknown, fallback: number, min: number, max: number, at: string): number {
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw configError(`Bad ${at}: a number from ${min} to ${max} (got ${JSON.stringify(v)}).`);
  return v;
}

/** The spec as the flag's text: `formatFaults(parseFaults(s))` parses back to the same spec. */
export function formatFaults(spec: FaultSpec): string {
  const items = spec.rules.map((r) => {
    const what = r.kind === 'status' ? String(r.status) : r.kind;
    const when = r.first !== undefined ? `first${r.first}` : String(r.probability);
    return [`${what}:${when}`, r.route, r.model].filter(Boolean).join('@');
  });
  if (spec.latencyMs) items.push(`latency:${spec.latencyMs}ms`);
  if (spec.tokensPerSec) items.push(`tps:${spec.tokensPerSec}`);
  if (spec.retryAfterSec !== DEFAULT_RETRY_AFTER_SEC) items.push(`retry-after:${spec.retryAfterSec}`);
  return items.join(',');
}

export function describeFaults(spec: FaultSpec): string {
  const what = (r: FaultRule): string => (r.kind === 'status' ? String(r.status) : r.kind === 'cut' ? 'cut mid-way' : 'malformed body');
  const scope = (r: FaultRule): string => [r.route && ` on ${r.route}`, r.model && ` for ${r.model}`].filter(Boolean).join('');
  const parts = [
    ...spec.rules.map((r) =>
      r.first !== undefined
        ? `${what(r)} on the next ${r.first} call${r.first === 1 ? '' : 's'}${scope(r)}`
        : `${what(r)} ${Math.round(r.probability! * 1000) / 10}%${scope(r)}`,
    ),
    ...(spec.latencyMs ? [`latency ${spec.latencyMs}ms`] : []),
    ...(spec.tokensPerSec ? [`${spec.tokensPerSec} tokens/s`] : []),
  ];
  return parts.join(', ') || 'none';
}

/** Waits through the injected clock, so tests with a FakeClock advance time instead of sleeping. */
export function delay(clock: Clock, ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}

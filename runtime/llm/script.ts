import { configError } from './errors.js';
import type { FaultDecision } from './fault-board.js';

/**
 * Answers and faults a test scripts for the app's next model calls (`server.llm.reply`, `server.llm.fail`).
 * Rules are tried in the order they were added; the first that matches the call and has uses left decides.
 * A call no rule takes goes on to `--llm-faults` and the normal answer (offline, live, replay).
 */
export interface LlmCallInfo {
  route: string;
  model: string | null;
  /** The messages' text, the prompt(s), or the embedding input (see `promptText`). */
  prompt: string;
  body: unknown;
}

/** A substring of the prompt, a RegExp tested on it, or a predicate on the whole call. */
export type LlmMatch = string | RegExp | ((call: LlmCallInfo) => boolean);
/** The assistant's text, or a function of the call that returns it. */
export type LlmAnswer = string | ((call: LlmCallInfo) => string);

export interface ReplyOptions {
  /** How many calls this reply answers. Default: every matching call. */
  times?: number;
}

export interface FailOptions {
  /** How many calls fail. Default 1. */
  times?: number;
  /** Only calls that match. Default: any model call. */
  match?: LlmMatch;
  /** `retry-after` seconds of a 429. Default 1. */
  retryAfter?: number;
}

export type ScriptDecision = { kind: 'reply'; content: string } | { kind: 'fail'; fault: FaultDecision } | null;

/** What `fail` injects: an HTTP error status, an answer cut off mid-way, or a body that is not JSON. */
export type FailWith = number | 'cut' | 'malformed';

interface Rule {
  kind: 'reply' | 'fail';
  match: LlmMatch | undefined;
  left: number;
  decide(call: LlmCallInfo): Exclude<ScriptDecision, null>;
}

/** Statuses a fault may have: the client and server errors OpenAI's API returns. */
const FAULT_STATUS = { min: 400, max: 599 };

export class LlmScript {
  #rules: Rule[] = [];

  reply(match: LlmMatch, answer: LlmAnswer, options: ReplyOptions = {}): void {
    checkMatch(match, 'reply');
    if (typeof answer !== 'string' && typeof answer !== 'function') throw configError('llm.reply(match, answer): answer must be a string or a function returning one');
    const left = checkTimes(options.times, Infinity, 'reply');
    this.#rules.push({
      kind: 'reply',
      match,
      left,
      decide: (call) => {
        const content = typeof answer === 'function' ? answer(call) : answer;
        if (typeof content !== 'string') throw configError('llm.reply: the answer function must return a string');
        return { kind: 'reply', content };
      },
    });
  }

  fail(status: FailWith, options: FailOptions = {}): void {
    const other = status === 'cut' || status === 'malformed';
    if (!other && (typeof status !== 'number' || !Number.isInteger(status) || status < FAULT_STATUS.min || status > FAULT_STATUS.max)) {
      throw configError(`llm.fail(status): status must be an HTTP error status 400..599, 'cut' or 'malformed', got ${String(status)}`);
    }
    if (options.match !== undefined) checkMatch(options.match, 'fail');
    const retryAfterSec = options.retryAfter ?? 1;
    if (!(typeof retryAfterSec === 'number' && retryAfterSec >= 0)) throw configError('llm.fail: retryAfter must be a number of seconds ≥ 0');
    const left = checkTimes(options.times, 1, 'fail');
    const fault: FaultDecision = other ? { kind: status } : { kind: 'status', status, retryAfterSec };
    this.#rules.push({ kind: 'fail', match: options.match, left, decide: () => ({ kind: 'fail', fault }) });
  }

  /** The decision for one call, using up one use of the rule that takes it. Embeddings take no replies. */
  take(call: LlmCallInfo, can: { replies: boolean } = { replies: true }): ScriptDecision {
    for (const rule of this.#rules) {
      if (rule.left <= 0 || (rule.kind === 'reply' && !can.replies) || !matches(rule.match, call)) continue;
      rule.left--;
      return rule.decide(call);
    }
    return null;
  }

  /** Rules that still have uses left. */
  get pending(): number {
    return this.#rules.filter((r) => r.left > 0).length;
  }

  reset(): void {
    this.#rules = [];
  }
}

function matches(match: LlmMatch | undefined, call: LlmCallInfo): boolean {
  if (match === undefined) return true;
  if (typeof match === 'string') return call.prompt.includes(match);
  if (match instanceof RegExp) {
    match.lastIndex = 0;
    return match.test(call.prompt);
  }
  return match(call) === true;
}

function checkMatch(match: unknown, what: string): void {
  if (typeof match !== 'string' && !(match instanceof RegExp) && typeof match !== 'function') {
    throw configError(`llm.${what}: match must be a string (part of the prompt), a RegExp or a function of the call`);
  }
}

function checkTimes(times: unknown, fallback: number, what: string): number {
  if (times === undefined) return fallback;
  if (typeof times !== 'number' || !(times >= 1) || (!Number.isInteger(times) && times !== Infinity)) {
    throw configError(`llm.${what}: times must be a whole number ≥ 1, got ${String(times)}`);
  }
  return times;
}

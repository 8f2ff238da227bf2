import type { FailOptions, LlmAnswer, LlmCall, LlmJournal, LlmMatch, LlmScript, ReplyOptions } from '../llm/index.js';

/** `server.llm`: what the app asked the model, and what the next calls answer. */
export interface TestLlm {
  /** Every model call the app made so far, oldest first: request, answer, status, latency, injected fault. */
  readonly calls: LlmCall[];
  /**
   * Answers the chat and text completions whose prompt matches (a substring, a RegExp, or a predicate of the
   * call) with `answer` instead of the offline one. Default: every matching call; `{ times }` limits it.
   */
  reply(match: LlmMatch, answer: LlmAnswer, options?: ReplyOptions): void;
  /**
   * The next model call(s) fail with `status` in OpenAI's error shape (429s carry `retry-after`). Default: the
   * next call, whatever it asks; `{ times, match, retryAfter }` narrow it.
   */
  fail(status: number, options?: FailOptions): void;
  /** Forgets the scripted replies and faults that are left, and the calls recorded so far. */
  reset(): void;
}

export function testLlm(tools: { journal: LlmJournal; script: LlmScript }): TestLlm {
  return {
    get calls() {
      return tools.journal.calls();
    },
    reply: (match, answer, options) => tools.script.reply(match, answer, options),
    fail: (status, options) => tools.script.fail(status, options),
    reset() {
      tools.script.reset();
      tools.journal.clear();
    },
  };
}

import type {
  FailOptions,
  FailWith,
  FaultBoard,
  FaultBoardSnapshot,
  FaultSpec,
  LlmAnswer,
  LlmCall,
  LlmJournal,
  LlmMatch,
  LlmScript,
  ReplyOptions,
} from '../llm/index.js';
import { parseFaults } from '../llm/index.js';

/** `server.llm`: what the app asked the model, and what the next calls answer. */
export interface TestLlm {
  /**
   * Every model call the app made so far, oldest first (chat, Responses, Anthropic Messages, completions,
   * embeddings): route, request, answer, status, latency, injected fault.
   */
  readonly calls: LlmCall[];
  /**
   * Answers the chat, Responses, Messages and text completion calls whose prompt matches (a substring, a RegExp,
   * or a predicate of the call) with `answer` as the assistant's text instead of the offline one. Default: every
   * matching call; `{ times }` limits it.
   */
  reply(match: LlmMatch, answer: LlmAnswer, options?: ReplyOptions): void;
  /**
   * The next model call(s) fail: with `status` in the API's error shape (429s carry `retry-after`), or `'cut'`
   * (the answer breaks off mid-way) or `'malformed'` (a body that is not JSON). Default: the next call, whatever
   * it asks; `{ times, match, retryAfter }` narrow it.
   */
  fail(status: FailWith, options?: FailOptions): void;
  /**
   * The fault rules in force for the whole server, as `--llm-faults` and the admin API set them:
   * `server.llm.faults.set('429:0.5@/responses,tps:20')`, `.clear()`, `.snapshot()`.
   */
  readonly faults: {
    set(spec: string | FaultSpec): void;
    clear(): void;
    snapshot(): FaultBoardSnapshot;
  };
  /** Forgets the scripted replies and faults that are left, the fault rules, and the calls recorded so far. */
  reset(): void;
}

export function testLlm(tools: { journal: LlmJournal; script: LlmScript; faults: FaultBoard }): TestLlm {
  return {
    get calls() {
      return tools.journal.calls();
    },
    reply: (match, answer, options) => tools.script.reply(match, answer, options),
    fail: (status, options) => tools.script.fail(status, options),
    faults: {
      set: (spec) => tools.faults.set(typeof spec === 'string' ? parseFaults(spec) : spec),
      clear: () => tools.faults.clear(),
      snapshot: () => tools.faults.snapshot(),
    },
    reset() {
      tools.script.reset();
      tools.faults.clear();
      tools.journal.clear();
    },
  };
}

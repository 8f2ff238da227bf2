/**
 * Every model call the app made (chat, completions, embeddings): what it sent, what it got, how long it took,
 * and which fault was injected. The test kit reads it as `server.llm.calls`.
 */
export interface LlmCall {
  /** 1-based, in the order the calls arrived. */
  seq: number;
  /** `POST /chat/completions`, `POST /completions`, `POST /embeddings`. */
  route: string;
  model: string | null;
  /** The JSON body the app sent. */
  request: unknown;
  /** The text the call was matched on: the messages' text (chat), the prompt(s), or the embedding input. */
  prompt: string;
  /** HTTP status of the answer; 0 while the call is in flight. */
  status: number;
  /** The assistant's text (chat, completions); null for errors, embeddings and calls in flight. */
  answer: string | null;
  /** The parsed JSON answer (the error body for a failure); null for streams. */
  response: unknown;
  /** Real milliseconds from arrival to the answer leaving. */
  latencyMs: number | null;
  /** A fault injected on this call: by the test (`server.llm.fail`) or by `--llm-faults`. */
  fault: { status: number; source: 'script' | 'faults' } | null;
  /** Answered by a scripted reply (`server.llm.reply`). */
  scripted: boolean;
  /** Arrival time (ISO). */
  at: string;
}

/** Calls the test kit keeps per server; older ones are dropped (prompts can be large documents). */
export const MAX_JOURNAL_CALLS = 1000;

export class LlmJournal {
  #calls: LlmCall[] = [];
  #seq = 0;
  readonly #limit: number;

  /** `limit` 0 keeps nothing: `localhooks dev` has no use for the bodies yet and should not hold them. */
  constructor(limit = MAX_JOURNAL_CALLS) {
    this.#limit = limit;
  }

  /** Starts an entry for a call that just arrived; the routes fill in the rest as it is answered. */
  open(route: string, request: unknown, prompt: string, at: number): LlmCall {
    const model = (request as { model?: unknown } | undefined)?.model;
    const call: LlmCall = {
      seq: ++this.#seq,
      route,
      model: typeof model === 'string' ? model : null,
      request: copy(request ?? null),
      prompt,
      status: 0,
      answer: null,
      response: null,
      latencyMs: null,
      fault: null,
      scripted: false,
      at: new Date(at).toISOString(),
    };
    this.#calls.push(call);
    if (this.#calls.length > this.#limit) this.#calls.shift();
    return call;
  }

  /** Copies, oldest first. */
  calls(): LlmCall[] {
    return this.#calls.map(copy);
  }

  clear(): void {
    this.#calls = [];
  }
}

/** Calls are JSON (bodies in, bodies out); a JSON copy is also made of this realm's objects (see realm.ts). */
function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The text a call is matched on and shown by: every message's text, the prompt(s), or the embedding input. */
export function promptText(body: unknown): string {
  const b = (body ?? {}) as { messages?: unknown; prompt?: unknown; input?: unknown };
  if (Array.isArray(b.messages)) return b.messages.map((m) => text((m as { content?: unknown } | null)?.content)).join('\n');
  return text(b.prompt ?? b.input);
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((p) => (typeof p === 'string' ? p : text((p as { text?: unknown } | null)?.text))).join('\n');
  return '';
}

/** The assistant text of a chat or text completion body, if it is one. */
export function answerText(response: unknown): string | null {
  const choice = (response as { choices?: Array<{ message?: { content?: unknown }; text?: unknown }> } | null)?.choices?.[0];
  const content = choice?.message?.content ?? choice?.text;
  return typeof content === 'string' ? content : null;
}

/**
 * Every model call the app made (chat, completions, embeddings): what it sent, what it got, how long it took,
 * and which fault was injected. The test kit reads it as `server.llm.calls`.
 */
export interface LlmCall {
  /** 1-based, in the order the calls arrived. */
  seq: number;
  /** `POST /chat/completions`, `POST /responses`, `POST /messages`, `POST /completions`, `POST /embeddings`. */
  route: string;
  model: string | null;
  /** The JSON body the app sent. */
  request: unknown;
  /** The text the call was matched on: system/instructions and messages (chat, Messages), the input (Responses, embeddings) or the prompt(s). */
  prompt: string;
  /** HTTP status of the answer; 0 while the call is in flight. */
  status: number;
  /** The assistant's text, or its tool calls as `name({json})`; null for errors, embeddings and calls in flight. */
  answer: string | null;
  /** The parsed JSON answer (the error body for a failure); null for streams. */
  response: unknown;
  /** Real milliseconds from arrival to the answer leaving. */
  latencyMs: number | null;
  /**
   * A fault injected on this call: by the test (`server.llm.fail`) or by `--llm-faults` / the admin API. `kind`
   * `cut` and `malformed` go out with status 200 and a broken body.
   */
  fault: { kind: 'status' | 'cut' | 'malformed'; status: number; source: 'script' | 'faults' } | null;
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
      // A journal that keeps nothing (`localhooks dev`) need not pay for a copy of every prompt.
      request: this.#limit > 0 ? copy(request ?? null) : null,
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

  /** The last call's number (0 before any): the dashboard polls it instead of copying the calls. */
  get lastSeq(): number {
    return this.#seq;
  }

  get limit(): number {
    return this.#limit;
  }
}

/** Calls are JSON (bodies in, bodies out); a JSON copy is also made of this realm's objects (see realm.ts). */
function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The text a call is matched on and shown by: instructions and every message's text, the input, or the prompt(s). */
export function promptText(body: unknown): string {
  const b = (body ?? {}) as { messages?: unknown; prompt?: unknown; input?: unknown; system?: unknown; instructions?: unknown };
  const parts = [text(b.system), text(b.instructions)];
  if (Array.isArray(b.messages)) parts.push(...b.messages.map((m) => text((m as { content?: unknown } | null)?.content)));
  else parts.push(text(b.prompt ?? b.input));
  return parts.filter(Boolean).join('\n');
}

/** Strings, content parts (`{text}`), Responses items (`{content}`, `{output}`) and tool results, as text. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(text).filter(Boolean).join('\n');
  if (value && typeof value === 'object') {
    const v = value as { text?: unknown; content?: unknown; output?: unknown };
    return text(v.text ?? v.content ?? v.output);
  }
  return '';
}

/** The assistant's answer in a chat, text completion, Responses or Messages body: its text, or its tool calls. */
export function answerText(response: unknown): string | null {
  const r = (response ?? {}) as { choices?: unknown; output?: unknown; content?: unknown; type?: unknown };
  const pieces: string[] = [];
  if (Array.isArray(r.choices)) {
    const choice = r.choices[0] as { message?: { content?: unknown; tool_calls?: Array<{ function?: { name?: string; arguments?: string } }> }; text?: unknown } | undefined;
    const content = choice?.message?.content ?? choice?.text;
    if (typeof content === 'string') return content;
    for (const c of choice?.message?.tool_calls ?? []) pieces.push(`${c.function?.name}(${c.function?.arguments})`);
  } else if (Array.isArray(r.output)) {
    for (const item of r.output as Array<{ type?: string; content?: Array<{ text?: string }>; name?: string; arguments?: string }>) {
      if (item.type === 'message') pieces.push((item.content ?? []).map((c) => c.text ?? '').join(''));
      else if (item.type === 'function_call') pieces.push(`${item.name}(${item.arguments})`);
    }
  } else if (r.type === 'message' && Array.isArray(r.content)) {
    for (const block of r.content as Array<{ type?: string; text?: string; name?: string; input?: unknown }>) {
      if (block.type === 'text') pieces.push(block.text ?? '');
      else if (block.type === 'tool_use') pieces.push(`${block.name}(${JSON.stringify(block.input)})`);
    }
  }
  return pieces.length ? pieces.join('\n') : null;
}

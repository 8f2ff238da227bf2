import type { ChatMessage } from '../types.js';

/**
 * Responses kept for `previous_response_id` and `GET /responses/{id}`, for the server's lifetime. Bounded, oldest
 * dropped first: a long dev session must not grow without end, and a conversation rarely reaches back further.
 */
export const MAX_STORED_RESPONSES = 1000;

interface Stored {
  response: object;
  /** The whole conversation up to and including this response's output, without instructions. */
  messages: ChatMessage[];
}

export class ResponseStore {
  readonly #byId = new Map<string, Stored>();
  readonly #limit: number;

  constructor(limit = MAX_STORED_RESPONSES) {
    this.#limit = limit;
  }

  save(id: string, response: object, messages: ChatMessage[]): void {
    this.#byId.set(id, { response, messages });
    if (this.#byId.size > this.#limit) this.#byId.delete(this.#byId.keys().next().value!);
  }

  /** The messages a response continues from, or null when it is not known (never stored, or dropped). */
  conversation(id: string): ChatMessage[] | null {
    return this.#byId.get(id)?.messages ?? null;
  }

  response(id: string): object | null {
    return this.#byId.get(id)?.response ?? null;
  }

  delete(id: string): boolean {
    return this.#byId.delete(id);
  }
}

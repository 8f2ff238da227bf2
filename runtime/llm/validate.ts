import { badRequest } from './errors.js';
import type { ChatMessage, ChatRequest } from './types.js';

/**
 * Request checks at the HTTP boundary, with OpenAI's own messages, params and codes so client libraries and
 * retry helpers see what they would see from the real API. Unknown fields are accepted and ignored, as OpenAI's
 * optional fields are many and an app may send any of them.
 */

const ROLES = ['system', 'assistant', 'user', 'function', 'tool', 'developer'];
const MAX_TEMPERATURE = 2;

export type JsonObject = Record<string, unknown>;

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a decimal';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

function invalidType(param: string, expected: string, value: unknown) {
  return badRequest(`Invalid type for '${param}': expected ${expected}, but got ${jsonType(value)} instead.`, param, 'invalid_type');
}

function missing(param: string) {
  return badRequest(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');
}

export function requireObject(body: unknown): JsonObject {
  if (body === undefined || body === null) throw badRequest('you must provide a model parameter');
  if (typeof body !== 'object' || Array.isArray(body)) throw invalidType('body', 'an object', body);
  return body as JsonObject;
}

export function requireModel(body: JsonObject): string {
  if (body.model === undefined || body.model === null || body.model === '') throw badRequest('you must provide a model parameter');
  if (typeof body.model !== 'string') throw invalidType('model', 'a string', body.model);
  return body.model;
}

/** `max_tokens`, `max_completion_tokens`, `dimensions`: absent, or an integer >= 1. */
export function optionalPositiveInt(body: JsonObject, param: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const v = body[param];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw invalidType(param, 'an integer', v);
  if (v < 1) {
    throw badRequest(`Invalid '${param}': integer below minimum value. Expected a value >= 1, but got ${v} instead.`, param, 'integer_below_min_value');
  }
  if (v > max) {
    throw badRequest(`Invalid '${param}': integer above maximum value. Expected a value <= ${max}, but got ${v} instead.`, param, 'integer_above_max_value');
  }
  return v;
}

function optionalBoolean(body: JsonObject, param: string): boolean | undefined {
  const v = body[param];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw invalidType(param, 'a boolean', v);
  return v;
}

function checkTemperature(body: JsonObject): void {
  const t = body.temperature;
  if (t === undefined || t === null) return;
  if (typeof t !== 'number') throw invalidType('temperature', 'a decimal', t);
  if (t < 0 || t > MAX_TEMPERATURE) {
    const side = t < 0 ? 'below minimum value. Expected a value >= 0' : `above maximum value. Expected a value <= ${MAX_TEMPERATURE}`;
    throw badRequest(`Invalid 'temperature': decimal ${side}, but got ${t} instead.`, 'temperature', t < 0 ? 'decimal_below_min_value' : 'decimal_above_max_value');
  }
}

function checkMessage(m: unknown, i: number): ChatMessage {
  const at = `messages[${i}]`;
  if (typeof m !== 'object' || m === null || Array.isArray(m)) throw invalidType(at, 'an object', m);
  const msg = m as JsonObject;
  if (msg.role === undefined) throw missing(`${at}.role`);
  if (typeof msg.role !== 'string' || !ROLES.includes(msg.role)) {
    const supported = ROLES.map((r) => `'${r}'`);
    throw badRequest(
      `Invalid value: '${String(msg.role)}'. Supported values are: ${supported.slice(0, -1).join(', ')}, and ${supported.at(-1)}.`,
      `${at}.role`,
      'invalid_value',
    );
  }
  // Assistant turns may carry only tool calls; every other role must say something.
  if (msg.content === undefined || (msg.content === null && msg.role !== 'assistant')) {
    if (msg.role !== 'assistant') throw missing(`${at}.content`);
  } else if (msg.content !== null && typeof msg.content !== 'string' && !Array.isArray(msg.content)) {
    throw invalidType(`${at}.content`, 'a string or an array of content parts', msg.content);
  }
  if (msg.role === 'tool' && typeof msg.tool_call_id !== 'string') {
    throw badRequest("Missing parameter 'tool_call_id': messages with role 'tool' must have a 'tool_call_id'.", `${at}.tool_call_id`, 'missing_required_parameter');
  }
  return msg as unknown as ChatMessage;
}

/** A tool message answers a call the assistant made earlier in the conversation, as OpenAI insists. */
function checkToolReplies(messages: ChatMessage[]): void {
  const called = new Set<string>();
  messages.forEach((m, i) => {
    for (const c of m.tool_calls ?? []) if (typeof c.id === 'string') called.add(c.id);
    if (m.role === 'tool' && !called.has(m.tool_call_id!)) {
      throw badRequest(
        "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
        `messages.[${i}].role`,
      );
    }
  });
}

export function validateChatRequest(raw: unknown): ChatRequest {
  const body = requireObject(raw);
  requireModel(body);
  if (body.messages === undefined) throw missing('messages');
  if (!Array.isArray(body.messages)) throw invalidType('messages', 'an array of objects', body.messages);
  if (body.messages.length === 0) {
    throw badRequest("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", 'messages', 'empty_array');
  }
  checkToolReplies(body.messages.map(checkMessage));
  optionalPositiveInt(body, 'max_tokens');
  optionalPositiveInt(body, 'max_completion_tokens');
  optionalBoolean(body, 'stream');
  checkTemperature(body);
  return body as unknown as ChatRequest;
}

export function validateCompletionRequest(raw: unknown): { model: string; prompt: string[]; max_tokens?: number; stream?: boolean } {
  const body = requireObject(raw);
  const model = requireModel(body);
  if (body.prompt === undefined) throw missing('prompt');
  const prompt = typeof body.prompt === 'string' ? [body.prompt] : body.prompt;
  if (!Array.isArray(prompt) || !prompt.every((p) => typeof p === 'string')) {
    throw invalidType('prompt', 'a string or an array of strings', body.prompt);
  }
  const maxTokens = optionalPositiveInt(body, 'max_tokens');
  checkTemperature(body);
  return { model, prompt, max_tokens: maxTokens, stream: optionalBoolean(body, 'stream') };
}

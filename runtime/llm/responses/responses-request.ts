import type { Conversation } from '../conversation.js';
import { badRequest } from '../errors.js';
import { isObject } from '../schema/schema-check.js';
import { responsesFormat } from '../structured.js';
import { toolChoice, toolSpec, type ToolSpec } from '../tools.js';
import type { ChatMessage, ChatRole } from '../types.js';
import { optionalPositiveInt, requireModel, requireObject, type JsonObject } from '../validate.js';
import type { ResponseStore } from './responses.store.js';

/** A checked `POST /responses` body, and the conversation it continues. */
export interface ResponsesRequest {
  body: JsonObject;
  model: string;
  stream: boolean;
  store: boolean;
  /** The earlier turns and the new input, without instructions: what the next response continues from. */
  history: ChatMessage[];
  conversation: Conversation;
}

// OpenAI refuses smaller output limits for Responses.
const MIN_OUTPUT_TOKENS = 16;
const ROLES = new Set(['user', 'assistant', 'system', 'developer']);

export function parseResponsesRequest(raw: unknown, store: ResponseStore): ResponsesRequest {
  const body = requireObject(raw);
  const model = requireModel(body);
  const previousId = body.previous_response_id;
  if (previousId !== undefined && previousId !== null && typeof previousId !== 'string') {
    throw badRequest("Invalid type for 'previous_response_id': expected a string.", 'previous_response_id', 'invalid_type');
  }
  if (body.input === undefined && !previousId) throw badRequest("Missing required parameter: 'input'.", 'input', 'missing_required_parameter');
  if (body.instructions !== undefined && body.instructions !== null && typeof body.instructions !== 'string') {
    throw badRequest("Invalid type for 'instructions': expected a string.", 'instructions', 'invalid_type');
  }
  const maxTokens = optionalPositiveInt(body, 'max_output_tokens');
  if (maxTokens !== undefined && maxTokens < MIN_OUTPUT_TOKENS) {
    throw badRequest(
      `Invalid 'max_output_tokens': integer below minimum value. Expected a value >= ${MIN_OUTPUT_TOKENS}, but got ${maxTokens} instead.`,
      'max_output_tokens',
      'integer_below_min_value',
    );
  }
  for (const flag of ['stream', 'store'] as const) {
    if (body[flag] !== undefined && body[flag] !== null && typeof body[flag] !== 'boolean') {
      throw badRequest(`Invalid type for '${flag}': expected a boolean.`, flag, 'invalid_type');
    }
  }
  const before = previousId ? store.conversation(previousId) : [];
  if (before === null) {
    throw badRequest(`Previous response with id '${previousId}' not found.`, 'previous_response_id', 'previous_response_not_found');
  }
  const history = [...before, ...inputMessages(body.input)];
  const tools = responsesTools(body.tools);
  const system: ChatMessage[] = typeof body.instructions === 'string' && body.instructions ? [{ role: 'system', content: body.instructions }] : [];
  return {
    body,
    model,
    stream: body.stream === true,
    store: body.store !== false,
    history,
    conversation: {
      messages: [...system, ...history],
      tools,
      choice: toolChoice(body.tool_choice, tools, 'tool_choice'),
      format: responsesFormat(body.text),
      maxTokens,
    },
  };
}

/** `input` as text or as items (messages, function calls and their outputs), in chat's roles. */
export function inputMessages(input: unknown): ChatMessage[] {
  if (input === undefined || input === null) return [];
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  if (!Array.isArray(input)) throw badRequest("Invalid type for 'input': expected a string or an array of input items.", 'input', 'invalid_type');
  const out: ChatMessage[] = [];
  input.forEach((item, i) => {
    const at = `input[${i}]`;
    if (!isObject(item)) throw badRequest(`Invalid type for '${at}': expected an object.`, at, 'invalid_type');
    const type = item.type ?? 'message';
    if (type === 'message') {
      if (typeof item.role !== 'string' || !ROLES.has(item.role)) {
        throw badRequest(`Invalid value: '${String(item.role)}'. Supported values are: 'user', 'assistant', 'system', and 'developer'.`, `${at}.role`, 'invalid_value');
      }
      out.push({ role: item.role as ChatRole, content: partsText(item.content, `${at}.content`) });
    } else if (type === 'function_call') {
      out.push({ role: 'assistant', content: null, tool_calls: [{ id: String(item.call_id), function: { name: String(item.name) } }] });
    } else if (type === 'function_call_output') {
      if (typeof item.call_id !== 'string') throw badRequest(`Missing required parameter: '${at}.call_id'.`, `${at}.call_id`, 'missing_required_parameter');
      out.push({ role: 'tool', tool_call_id: item.call_id, content: partsText(item.output, `${at}.output`) });
    } else if (type !== 'reasoning' && type !== 'item_reference') {
      throw badRequest(`Invalid value: '${String(type)}'. Supported values are: 'message', 'function_call', 'function_call_output', 'reasoning', and 'item_reference'.`, `${at}.type`, 'invalid_value');
    }
  });
  return out;
}

/** A content value: a string, or parts of which the text ones (`input_text`, `output_text`) count. */
function partsText(content: unknown, at: string): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw badRequest(`Invalid type for '${at}': expected a string or an array of content parts.`, at, 'invalid_type');
  return content
    .map((p) => (isObject(p) && typeof p.text === 'string' ? p.text : ''))
    .filter(Boolean)
    .join('\n');
}

/** Function tools; built-in tools (web search, file search …) have no offline stand-in and are left out. */
function responsesTools(raw: unknown): ToolSpec[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw badRequest("Invalid type for 'tools': expected an array of objects.", 'tools', 'invalid_type');
  return raw.flatMap((t, i) => {
    if (!isObject(t)) throw badRequest(`Invalid type for 'tools[${i}]': expected an object.`, `tools[${i}]`, 'invalid_type');
    if (t.type !== 'function') return [];
    return [toolSpec({ name: t.name, description: t.description, parameters: t.parameters, strict: t.strict, at: `tools[${i}]`, schemaKey: 'parameters' })];
  });
}

import type { Conversation } from '../conversation.js';
import { badRequest } from '../errors.js';
import { isObject } from '../schema/schema-check.js';
import { anthropicFormat } from '../structured.js';
import { toolChoice, toolSpec, type ToolSpec } from '../tools.js';
import type { ChatMessage } from '../types.js';

/**
 * `POST /messages` bodies, checked with Anthropic's own wording (`max_tokens: Field required`), and turned into a
 * conversation in chat's roles so the same responders answer: `tool_result` blocks become `tool` messages and
 * `tool_use` blocks the assistant's tool calls.
 */
export interface MessagesRequest {
  body: Record<string, unknown>;
  model: string;
  stream: boolean;
  conversation: Conversation;
}

// Anthropic's temperature range is 0..1, unlike OpenAI's 0..2.
const MAX_TEMPERATURE = 1;

function invalid(message: string): never {
  throw badRequest(message);
}

export function parseMessagesRequest(raw: unknown): MessagesRequest {
  if (!isObject(raw)) invalid('Input should be a valid dictionary or object to extract fields from');
  const body = raw;
  if (body.model === undefined) invalid('model: Field required');
  if (typeof body.model !== 'string' || body.model === '') invalid('model: Input should be a valid string');
  if (body.max_tokens === undefined) invalid('max_tokens: Field required');
  if (!Number.isInteger(body.max_tokens)) invalid('max_tokens: Input should be a valid integer');
  if ((body.max_tokens as number) < 1) invalid('max_tokens: Input should be greater than or equal to 1');
  if (body.messages === undefined) invalid('messages: Field required');
  if (!Array.isArray(body.messages)) invalid('messages: Input should be a valid list');
  if (body.messages.length === 0) invalid('messages: at least one message is required');
  if (body.stream !== undefined && typeof body.stream !== 'boolean') invalid('stream: Input should be a valid boolean');
  const t = body.temperature;
  if (t !== undefined && (typeof t !== 'number' || t < 0 || t > MAX_TEMPERATURE)) invalid(`temperature: Input should be a number from 0 to ${MAX_TEMPERATURE}`);
  const messages = [...systemMessages(body.system), ...body.messages.flatMap((m, i) => toChat(m, i))];
  const tools = anthropicTools(body.tools);
  return {
    body,
    model: body.model,
    stream: body.stream === true,
    conversation: {
      messages,
      tools,
      choice: tools.length || body.tool_choice !== undefined ? toolChoice(body.tool_choice, tools, 'tool_choice') : { kind: 'none' },
      format: anthropicFormat(body),
      maxTokens: body.max_tokens as number,
    },
  };
}

function systemMessages(system: unknown): ChatMessage[] {
  if (system === undefined || system === null) return [];
  if (typeof system === 'string') return system ? [{ role: 'system', content: system }] : [];
  if (!Array.isArray(system)) invalid('system: Input should be a valid string or a list of text blocks');
  return [{ role: 'system', content: blockText(system, 'system') }];
}

function blockText(blocks: unknown[], at: string): string {
  return blocks
    .map((b, i) => {
      if (!isObject(b)) invalid(`${at}.${i}: Input should be a valid dictionary`);
      return b.type === 'text' && typeof b.text === 'string' ? b.text : '';
    })
    .filter(Boolean)
    .join('\n');
}

function toChat(m: unknown, i: number): ChatMessage[] {
  if (!isObject(m)) invalid(`messages.${i}: Input should be a valid dictionary`);
  if (m.role !== 'user' && m.role !== 'assistant') invalid(`messages.${i}.role: Input should be 'user' or 'assistant'`);
  if (m.content === undefined) invalid(`messages.${i}.content: Field required`);
  if (typeof m.content === 'string') return [{ role: m.role, content: m.content }];
  if (!Array.isArray(m.content)) invalid(`messages.${i}.content: Input should be a valid string or a list of content blocks`);
  const blocks = m.content as unknown[];
  const text = blockText(blocks, `messages.${i}.content`);
  if (m.role === 'assistant') {
    const calls = blocks.filter((b): b is Record<string, unknown> => isObject(b) && b.type === 'tool_use');
    const toolCalls = calls.map((b) => ({ id: String(b.id), function: { name: String(b.name) } }));
    return [{ role: 'assistant', content: text || null, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) }];
  }
  const results = blocks.filter((b): b is Record<string, unknown> => isObject(b) && b.type === 'tool_result');
  const out: ChatMessage[] = text ? [{ role: 'user', content: text }] : [];
  for (const r of results) {
    if (typeof r.tool_use_id !== 'string') invalid(`messages.${i}.content: tool_result.tool_use_id: Field required`);
    const content = typeof r.content === 'string' ? r.content : Array.isArray(r.content) ? blockText(r.content, `messages.${i}.content`) : '';
    out.push({ role: 'tool', tool_call_id: r.tool_use_id, content });
  }
  return out;
}

/** Client tools (`name`, `input_schema`); server tools (`type: web_search_…`, `bash_…`) have no offline stand-in. */
function anthropicTools(raw: unknown): ToolSpec[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) invalid('tools: Input should be a valid list');
  return raw.flatMap((t, i) => {
    if (!isObject(t)) invalid(`tools.${i}: Input should be a valid dictionary`);
    if (t.type !== undefined && t.type !== 'custom') return [];
    if (t.input_schema === undefined) invalid(`tools.${i}.custom.input_schema: Field required`);
    return [toolSpec({ name: t.name, description: t.description, parameters: t.input_schema, strict: t.strict, at: `tools.${i}`, schemaKey: 'input_schema' })];
  });
}

import type { Conversation, Turn } from './conversation.js';
import { badRequest } from './errors.js';
import { derivedId, slices } from './ids.js';
import { streamPieces } from './sse.js';
import { chatFormat } from './structured.js';
import { estimatePromptTokens, estimateTokens, usageOf } from './tokens.js';
import { toolChoice, toolSpec, type ToolSpec } from './tools.js';
import type { ChatRequest, Usage } from './types.js';
import { isObject } from './schema/schema-check.js';

/** What every response of one call shares. */
export interface CompletionMeta {
  id: string;
  created: number;
  model: string;
}

// OpenAI sends a fingerprint of its serving configuration; ours names the stand-in.
export const SYSTEM_FINGERPRINT = 'fp_localhooks';

/** A chat request as a conversation: its tools and `tool_choice`, its `response_format`, its token limit. */
export function chatConversation(req: ChatRequest): Conversation {
  const tools = chatTools(req.tools);
  return {
    messages: req.messages,
    tools,
    choice: toolChoice(req.tool_choice, tools, 'tool_choice'),
    format: chatFormat(req.response_format),
    maxTokens: req.max_completion_tokens ?? req.max_tokens,
  };
}

function chatTools(raw: unknown): ToolSpec[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw badRequest("Invalid type for 'tools': expected an array of objects.", 'tools', 'invalid_type');
  return raw.map((t, i) => {
    if (!isObject(t)) throw badRequest(`Invalid type for 'tools[${i}]': expected an object.`, `tools[${i}]`, 'invalid_type');
    if (t.type !== 'function') throw badRequest(`Invalid value: '${String(t.type)}'. Supported values are: 'function'.`, `tools[${i}].type`, 'invalid_value');
    const f = t.function;
    if (!isObject(f)) throw badRequest(`Missing required parameter: 'tools[${i}].function'.`, `tools[${i}].function`, 'missing_required_parameter');
    return toolSpec({ name: f.name, description: f.description, parameters: f.parameters, strict: f.strict, at: `tools[${i}].function`, schemaKey: 'parameters' });
  });
}

function toolCalls(turn: Extract<Turn, { kind: 'tools' }>, meta: CompletionMeta) {
  return turn.calls.map((c, i) => ({ id: derivedId('call', meta.id, i), type: 'function' as const, function: { name: c.name, arguments: c.arguments } }));
}

/** The assistant's text, or its calls' arguments: what the journal shows and the usage counts. */
export function turnText(turn: Turn): string {
  return turn.kind === 'text' ? turn.content : turn.calls.map((c) => `${c.name}(${c.arguments})`).join('\n');
}

export function chatUsage(request: ChatRequest, turn: Turn): Usage {
  const out = turn.kind === 'text' ? turn.content : turn.calls.map((c) => c.name + c.arguments).join('');
  return usageOf(estimatePromptTokens(request.messages) + toolsTokens(request.tools), out);
}

function toolsTokens(tools: unknown): number {
  return tools === undefined ? 0 : estimateTokens(JSON.stringify(tools));
}

function finishOf(turn: Turn): string {
  return turn.kind === 'tools' ? 'tool_calls' : turn.finishReason;
}

export function chatCompletion(request: ChatRequest, turn: Turn, meta: CompletionMeta): object {
  const message =
    turn.kind === 'text'
      ? { role: 'assistant', content: turn.content, refusal: null, annotations: [] }
      : { role: 'assistant', content: null, refusal: null, annotations: [], tool_calls: toolCalls(turn, meta) };
  return {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishOf(turn) }],
    usage: chatUsage(request, turn),
    system_fingerprint: SYSTEM_FINGERPRINT,
  };
}

/**
 * The `chat.completion.chunk` objects of a streamed answer, as OpenAI sends them: the role first, then content
 * pieces (or a tool call's id and name, then its arguments in slices), the finish reason, then the usage.
 */
export function chatChunks(request: ChatRequest, turn: Turn, meta: CompletionMeta): object[] {
  const includeUsage = (request.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
  const chunk = (delta: object, finishReason: string | null): object => ({
    id: meta.id,
    object: 'chat.completion.chunk',
    created: meta.created,
    model: meta.model,
    system_fingerprint: SYSTEM_FINGERPRINT,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    // With include_usage OpenAI puts `usage: null` on every chunk and the totals on one last chunk.
    ...(includeUsage ? { usage: null } : {}),
  });
  let body: object[];
  if (turn.kind === 'text') {
    body = [chunk({ role: 'assistant', content: '', refusal: null }, null), ...streamPieces(turn.content).map((piece) => chunk({ content: piece }, null))];
  } else {
    body = toolCalls(turn, meta).flatMap((call, index) => [
      chunk(
        { ...(index === 0 ? { role: 'assistant', content: null, refusal: null } : {}), tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] },
        null,
      ),
      ...slices(call.function.arguments).map((piece) => chunk({ tool_calls: [{ index, function: { arguments: piece } }] }, null)),
    ]);
  }
  const chunks = [...body, chunk({}, finishOf(turn))];
  if (includeUsage) {
    chunks.push({
      id: meta.id,
      object: 'chat.completion.chunk',
      created: meta.created,
      model: meta.model,
      system_fingerprint: SYSTEM_FINGERPRINT,
      choices: [],
      usage: chatUsage(request, turn),
    });
  }
  return chunks;
}

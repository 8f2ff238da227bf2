import type { CompletionMeta } from '../chat-completion.js';
import type { Turn } from '../conversation.js';
import { derivedId, slices } from '../ids.js';
import { streamPieces } from '../sse.js';
import { estimatePromptTokens, estimateTokens } from '../tokens.js';
import type { ChatMessage } from '../types.js';
import type { ResponsesRequest } from './responses-request.js';

type OutputItem =
  | { id: string; type: 'message'; status: string; role: 'assistant'; content: Array<{ type: 'output_text'; text: string; annotations: []; logprobs: [] }> }
  | { id: string; type: 'function_call'; status: string; call_id: string; name: string; arguments: string };

export function outputItems(turn: Turn, meta: CompletionMeta): OutputItem[] {
  if (turn.kind === 'text') {
    return [{ id: derivedId('msg', meta.id, 0), type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: turn.content, annotations: [], logprobs: [] }] }];
  }
  return turn.calls.map((c, i) => ({
    id: derivedId('fc', meta.id, i),
    type: 'function_call' as const,
    status: 'completed',
    call_id: derivedId('call', meta.id, i),
    name: c.name,
    arguments: c.arguments,
  }));
}

/** The output as chat messages, stored so a later `previous_response_id` continues from it. */
export function outputMessages(items: OutputItem[]): ChatMessage[] {
  return items.map((item) =>
    item.type === 'message'
      ? { role: 'assistant', content: item.content.map((c) => c.text).join('') }
      : { role: 'assistant', content: null, tool_calls: [{ id: item.call_id, function: { name: item.name } }] },
  );
}

/** The `response` object: what `responses.create` returns, and what the stream's lifecycle events carry. */
export function responseObject(req: ResponsesRequest, turn: Turn, meta: CompletionMeta, items: OutputItem[], status: 'in_progress' | 'done'): object {
  const b = req.body;
  const incomplete = turn.kind === 'text' && turn.finishReason === 'length';
  const inputTokens = estimatePromptTokens(req.conversation.messages) + (b.tools ? estimateTokens(JSON.stringify(b.tools)) : 0);
  const outputTokens = estimateTokens(items.map((i) => (i.type === 'message' ? i.content[0]!.text : i.name + i.arguments)).join(''));
  const done = status === 'done';
  return {
    id: meta.id,
    object: 'response',
    created_at: meta.created,
    status: done ? (incomplete ? 'incomplete' : 'completed') : 'in_progress',
    background: false,
    error: null,
    incomplete_details: done && incomplete ? { reason: 'max_output_tokens' } : null,
    instructions: b.instructions ?? null,
    max_output_tokens: b.max_output_tokens ?? null,
    max_tool_calls: null,
    model: meta.model,
    output: done ? items : [],
    parallel_tool_calls: b.parallel_tool_calls ?? true,
    previous_response_id: b.previous_response_id ?? null,
    reasoning: { effort: null, summary: null },
    service_tier: 'default',
    store: req.store,
    temperature: b.temperature ?? 1,
    text: b.text ?? { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: b.tool_choice ?? 'auto',
    tools: b.tools ?? [],
    top_logprobs: 0,
    top_p: b.top_p ?? 1,
    truncation: b.truncation ?? 'disabled',
    usage: done
      ? {
          input_tokens: inputTokens,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens: outputTokens,
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: inputTokens + outputTokens,
        }
      : null,
    user: b.user ?? null,
    metadata: b.metadata ?? {},
  };
}

/**
 * The typed events of a streamed response, in OpenAI's order: `response.created`, `response.in_progress`, then
 * per output item `output_item.added`, its content (text deltas, or function-call argument deltas) and
 * `output_item.done`, and last `response.completed` (or `response.incomplete`). Each carries `sequence_number`.
 */
export function responseEvents(req: ResponsesRequest, turn: Turn, meta: CompletionMeta, items: OutputItem[]): Array<{ type: string }> {
  const events: Array<Record<string, unknown> & { type: string }> = [];
  const add = (type: string, fields: Record<string, unknown>): void => void events.push({ type, sequence_number: events.length, ...fields });
  add('response.created', { response: responseObject(req, turn, meta, items, 'in_progress') });
  add('response.in_progress', { response: responseObject(req, turn, meta, items, 'in_progress') });
  items.forEach((item, output_index) => {
    if (item.type === 'message') {
      const text = item.content[0]!.text;
      const item_id = item.id;
      const part = { type: 'output_text', text: '', annotations: [] };
      add('response.output_item.added', { output_index, item: { ...item, status: 'in_progress', content: [] } });
      add('response.content_part.added', { item_id, output_index, content_index: 0, part });
      for (const delta of streamPieces(text)) add('response.output_text.delta', { item_id, output_index, content_index: 0, delta, logprobs: [] });
      add('response.output_text.done', { item_id, output_index, content_index: 0, text, logprobs: [] });
      add('response.content_part.done', { item_id, output_index, content_index: 0, part: { ...part, text } });
    } else {
      add('response.output_item.added', { output_index, item: { ...item, status: 'in_progress', arguments: '' } });
      for (const delta of slices(item.arguments)) add('response.function_call_arguments.delta', { item_id: item.id, output_index, delta });
      add('response.function_call_arguments.done', { item_id: item.id, output_index, name: item.name, arguments: item.arguments });
    }
    add('response.output_item.done', { output_index, item });
  });
  const final = responseObject(req, turn, meta, items, 'done') as { status: string };
  add(final.status === 'incomplete' ? 'response.incomplete' : 'response.completed', { response: final });
  return events;
}

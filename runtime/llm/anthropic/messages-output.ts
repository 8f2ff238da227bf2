import type { CompletionMeta } from '../chat-completion.js';
import type { Turn } from '../conversation.js';
import { derivedId, slices } from '../ids.js';
import { streamPieces } from '../sse.js';
import { contentText, estimateTokens } from '../tokens.js';
import type { MessagesRequest } from './messages-request.js';

type Block = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: unknown };

function blocks(turn: Turn, meta: CompletionMeta): Block[] {
  if (turn.kind === 'text') return [{ type: 'text', text: turn.content }];
  return turn.calls.map((c, i) => ({ type: 'tool_use', id: derivedId('toolu', meta.id, i), name: c.name, input: JSON.parse(c.arguments) as unknown }));
}

function stopReason(turn: Turn): string {
  return turn.kind === 'tools' ? 'tool_use' : turn.finishReason === 'length' ? 'max_tokens' : 'end_turn';
}

/** Anthropic counts tokens per message too; an estimate is enough for `usage`. */
export function inputTokens(req: MessagesRequest): number {
  const text = req.conversation.messages.map((m) => contentText(m.content)).join('\n');
  return estimateTokens(text) + (req.body.tools ? estimateTokens(JSON.stringify(req.body.tools)) : 0);
}

function outputTokens(content: Block[]): number {
  return estimateTokens(content.map((b) => (b.type === 'text' ? b.text : b.name + JSON.stringify(b.input))).join(''));
}

function usage(input: number, output: number): object {
  return { input_tokens: input, output_tokens: output, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, service_tier: 'standard' };
}

export function messageObject(req: MessagesRequest, turn: Turn, meta: CompletionMeta): object {
  const content = blocks(turn, meta);
  return {
    id: meta.id,
    type: 'message',
    role: 'assistant',
    model: meta.model,
    content,
    stop_reason: stopReason(turn),
    stop_sequence: null,
    usage: usage(inputTokens(req), outputTokens(content)),
  };
}

/**
 * The events of a streamed message, in Anthropic's order: `message_start`, per content block
 * `content_block_start`, its deltas (`text_delta` or `input_json_delta`) and `content_block_stop`, with a `ping`
 * after the first block starts, then `message_delta` (stop reason, output tokens) and `message_stop`.
 */
export function messageEvents(req: MessagesRequest, turn: Turn, meta: CompletionMeta): Array<{ type: string }> {
  const content = blocks(turn, meta);
  const events: Array<{ type: string }> = [
    {
      type: 'message_start',
      message: { id: meta.id, type: 'message', role: 'assistant', model: meta.model, content: [], stop_reason: null, stop_sequence: null, usage: usage(inputTokens(req), 1) },
    } as { type: string },
  ];
  content.forEach((block, index) => {
    if (block.type === 'text') {
      events.push({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } } as { type: string });
      if (index === 0) events.push({ type: 'ping' });
      for (const text of streamPieces(block.text)) events.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } } as { type: string });
    } else {
      events.push({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } } as { type: string });
      if (index === 0) events.push({ type: 'ping' });
      for (const partial_json of slices(JSON.stringify(block.input))) {
        events.push({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } } as { type: string });
      }
    }
    events.push({ type: 'content_block_stop', index } as { type: string });
  });
  events.push({ type: 'message_delta', delta: { stop_reason: stopReason(turn), stop_sequence: null }, usage: { output_tokens: outputTokens(content) } } as { type: string });
  events.push({ type: 'message_stop' });
  return events;
}

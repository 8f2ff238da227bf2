import { PromptFacts } from './facts.js';
import { promptParts, type PromptParts } from './prompt.js';
import { DEFAULT_MAX_TOKENS, detectIntent, respond } from './responders/router.js';
import { structuredAnswer, type OutputFormat } from './structured.js';
import { contentText, truncateToTokens } from './tokens.js';
import { describeToolResult, pickTool, toolArguments, type ToolCallOut, type ToolChoice, type ToolSpec } from './tools.js';
import type { ChatMessage } from './types.js';
import { words } from './words.js';

// A follow-up this short that names a task ("And the sentiment?") is about the text of an earlier turn.
const BARE_INSTRUCTION_WORDS = 8;

/**
 * One request, whichever API it came through (chat, Responses, Anthropic Messages): the messages in chat's
 * roles (tool results as `tool` messages), the tools, and the shape the answer must have.
 */
export interface Conversation {
  messages: ChatMessage[];
  tools: ToolSpec[];
  choice: ToolChoice;
  format: OutputFormat;
  /** The caller's own output limit, if it gave one. */
  maxTokens?: number;
}

/** The model's turn: text (plain or JSON), or calls to tools. */
export type Turn =
  | { kind: 'text'; content: string; finishReason: 'stop' | 'length'; intent?: string }
  | { kind: 'tools'; calls: ToolCallOut[] };

/**
 * Answers a conversation offline. After tool results, a text answer made from them; else a tool call when the
 * choice requires one or a tool fits the request; else JSON in the asked shape; else the responders' text.
 */
export function answerTurn(conv: Conversation): Turn {
  const budget = conv.maxTokens ?? DEFAULT_MAX_TOKENS;
  const parts = withContext(promptParts(conv.messages), conv.messages);
  const results = trailingToolResults(conv.messages);
  if (results) {
    const facts = new PromptFacts(parts, budget, results.text);
    if (conv.format.type !== 'text') return { kind: 'text', ...structuredAnswer(conv.format, facts, conv.maxTokens), intent: conv.format.type };
    const cut = truncateToTokens(followUp(facts, results), budget);
    return { kind: 'text', content: cut.text, finishReason: cut.truncated ? 'length' : 'stop', intent: 'tool results' };
  }
  const facts = new PromptFacts(parts, budget);
  const tool = pickTool(conv.tools, conv.choice, facts);
  if (tool) return { kind: 'tools', calls: [{ name: tool.name, arguments: toolArguments(tool, facts) }] };
  if (conv.format.type !== 'text') return { kind: 'text', ...structuredAnswer(conv.format, facts, conv.maxTokens), intent: conv.format.type };
  const answer = respond(parts, budget);
  return { kind: 'text', content: answer.content, finishReason: answer.finishReason === 'length' ? 'length' : 'stop', intent: answer.intent };
}

/** A bare instruction after earlier turns applies to the text the conversation is about (the earlier prompt). */
function withContext(parts: PromptParts, messages: ChatMessage[]): PromptParts {
  const bare = (text: string): boolean => words(text).length <= BARE_INSTRUCTION_WORDS && detectIntent(text) !== null && !promptParts([{ role: 'user', content: text }]).head;
  if (!bare(parts.user)) return parts;
  const earlier = messages
    .filter((m) => m.role === 'user')
    .slice(0, -1)
    .reverse()
    .map((m) => contentText(m.content).trim())
    .find((t) => t && !bare(t));
  return earlier ? { ...parts, head: parts.user, body: promptParts([{ role: 'user', content: earlier }]).body } : parts;
}

interface ToolResults {
  text: string;
  names: string[];
}

/** The tool results that end the conversation (the model's turn comes right after them), or null. */
function trailingToolResults(messages: ChatMessage[]): ToolResults | null {
  let i = messages.length;
  while (i > 0 && messages[i - 1]!.role === 'tool') i--;
  const results = messages.slice(i);
  if (results.length === 0) return null;
  const calls = new Map<string, string>();
  for (const m of messages.slice(0, i)) for (const c of m.tool_calls ?? []) if (c.id && c.function?.name) calls.set(c.id, c.function.name);
  const names = results.map((r) => calls.get(r.tool_call_id ?? '') ?? r.name ?? 'the tool');
  return { text: results.map((r) => contentText(r.content)).join('\n\n'), names: [...new Set(names)] };
}

/** The request's own kind (summarize, classify, sentiment) applied to the tool results, or what they said. */
function followUp(facts: PromptFacts, results: ToolResults): string {
  switch (facts.intent) {
    case 'summarize':
      return facts.summary();
    case 'classify':
      return facts.category();
    case 'sentiment':
      return facts.sentiment();
    default:
      return `${results.names.join(' and ')} returned: ${describeToolResult(results.text)}`;
  }
}

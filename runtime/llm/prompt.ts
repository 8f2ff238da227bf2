import { contentText } from './tokens.js';
import type { ChatMessage } from './types.js';

/**
 * A chat request seen the way the responders need it. Apps usually write `"<instruction>: <text>"` or
 * `"<instruction>\n\n<text>"` in one user message (the summarizer: `Summarize this:\n\n${text}`), or put the
 * instruction in a system message and the text alone in the user message.
 */
export interface PromptParts {
  /** System and developer messages, joined. */
  system: string;
  /** The whole last user message. */
  user: string;
  /** The user message's leading instruction (`Summarize this`), or '' when it has none. */
  head: string;
  /** The user message after the head (the text to work on), or the whole message when there is no head. */
  body: string;
}

// An instruction head is short; a colon or newline further in belongs to the text itself.
const MAX_HEAD_CHARS = 200;
const COLON_HEAD = new RegExp(`^([^\\n]{1,${MAX_HEAD_CHARS}}?):[ \\t]*(?:\\r?\\n|[ \\t])`);

export function promptParts(messages: ChatMessage[]): PromptParts {
  const system = messages
    .filter((m) => m.role === 'system' || m.role === 'developer')
    .map((m) => contentText(m.content))
    .join('\n');
  const lastUser = [...messages].reverse().find((m) => m.role === 'user') ?? messages[messages.length - 1];
  const user = lastUser ? contentText(lastUser.content).trim() : '';
  return { system, user, ...splitHead(user) };
}

function splitHead(user: string): { head: string; body: string } {
  const colon = COLON_HEAD.exec(user);
  const afterColon = colon ? user.slice(colon[0].length).trim() : '';
  if (colon && afterColon) return { head: colon[1]!.trim(), body: afterColon };
  const newline = user.indexOf('\n');
  if (newline > 0 && newline <= MAX_HEAD_CHARS && user.slice(newline).trim()) {
    return { head: user.slice(0, newline).trim(), body: user.slice(newline).trim() };
  }
  return { head: '', body: user };
}

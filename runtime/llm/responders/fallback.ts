// Enough words to recognise the prompt in a log or a test, short enough to stay one line.
const ECHO_WORDS = 12;

/** The answer to anything the other responders do not recognise: deterministic, and says what was asked. */
export function fallbackAnswer(prompt: string): string {
  const all = prompt.trim().split(/\s+/).filter(Boolean);
  if (all.length === 0) return 'Offline answer to an empty prompt.';
  const echo = all.slice(0, ECHO_WORDS).join(' ');
  return `Offline answer to: ${echo}${all.length > ECHO_WORDS ? '…' : ''}`;
}

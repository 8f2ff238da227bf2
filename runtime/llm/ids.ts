import { createHash } from 'node:crypto';

/**
 * Ids of parts of one answer (tool calls, output items), derived from the answer's own id: unique per call,
 * the same from a fresh start, as the answer ids are.
 */
export function derivedId(prefix: string, answerId: string, n: number, length = 24): string {
  return `${prefix}_${createHash('sha256').update(`${answerId}:${n}`).digest('hex').slice(0, length)}`;
}

/** Fixed-size slices of `text` that join back to it: how JSON arguments arrive in a stream. */
export function slices(text: string, size = 12): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length ? out : [''];
}

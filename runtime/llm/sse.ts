import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/** Splits an answer into word-sized pieces that join back to exactly the answer, like a model's token stream. */
export function streamPieces(content: string): string[] {
  const pieces: string[] = [...(content.match(/\s*\S+/g) ?? [])];
  const rest = content.slice(pieces.join('').length);
  if (rest) pieces.push(rest);
  return pieces;
}

/** Chat and text completions: one `data:` line per chunk, then `data: [DONE]`. */
export function sseFrames(chunks: readonly object[]): string[] {
  return [...chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`), 'data: [DONE]\n\n'];
}

/** Responses and Anthropic Messages: each event named by an `event:` line before its data, and no `[DONE]`. */
export function typedFrames(events: ReadonlyArray<{ type: string }>): string[] {
  return events.map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
}

export function sendFrames(reply: FastifyReply, frames: readonly string[]): FastifyReply {
  return reply
    .code(200)
    .header('content-type', 'text/event-stream; charset=utf-8')
    .header('cache-control', 'no-cache')
    .send(Readable.from(frames));
}

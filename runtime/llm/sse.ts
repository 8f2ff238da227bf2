import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/** Splits an answer into word-sized pieces that join back to exactly the answer, like a model's token stream. */
export function streamPieces(content: string): string[] {
  const pieces: string[] = [...(content.match(/\s*\S+/g) ?? [])];
  const rest = content.slice(pieces.join('').length);
  if (rest) pieces.push(rest);
  return pieces;
}

export function sseFrames(chunks: readonly object[]): string[] {
  return [...chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`), 'data: [DONE]\n\n'];
}

/** Sends server-sent events the way OpenAI does: one `data:` line per chunk, then `data: [DONE]`. */
export function sendSse(reply: FastifyReply, chunks: readonly object[]): FastifyReply {
  return reply
    .code(200)
    .header('content-type', 'text/event-stream; charset=utf-8')
    .header('cache-control', 'no-cache')
    .send(Readable.from(sseFrames(chunks)));
}

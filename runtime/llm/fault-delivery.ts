import { Readable } from 'node:stream';
import type { Clock } from '../clock.js';
import { delay } from './faults.js';

/**
 * How one answer leaves: at a pace (tokens per second, after the first token), and perhaps broken on purpose:
 * `cut` ends the connection mid-way (the client sees a reset, as when a proxy or the service drops it), and
 * `malformed` sends a complete response whose body is not valid JSON (a stream: one event's data cut short).
 */
export interface DeliveryPlan {
  fault: 'cut' | 'malformed' | null;
  tokensPerSec: number;
  /** Events in a stream this server made; streams passed on from elsewhere have no count. */
  frames?: number;
}

// For a stream of unknown length (forwarded, replayed) the break comes after this many events.
const UNKNOWN_STREAM_BREAK = 3;

export function needsDelivery(plan: DeliveryPlan | undefined): plan is DeliveryPlan {
  return plan !== undefined && (plan.fault !== null || plan.tokensPerSec > 0);
}

/** The payload as it should leave (fastify's onSend): the same, paced, cut or malformed. */
export async function deliver(payload: unknown, plan: DeliveryPlan, clock: Clock): Promise<unknown> {
  if (payload instanceof Readable) return Readable.from(frames(payload, plan, clock));
  if (typeof payload !== 'string') return payload;
  if (plan.tokensPerSec > 0) await delay(clock, (outputTokens(payload) * 1000) / plan.tokensPerSec);
  const half = payload.slice(0, Math.max(1, Math.floor(payload.length / 2)));
  if (plan.fault === 'malformed') return half;
  if (plan.fault === 'cut') return brokenAfter([half]);
  return payload;
}

/** A stream that sends `parts` and then fails, so the server drops the connection with the body unfinished. */
function brokenAfter(parts: string[]): Readable {
  return Readable.from(
    (async function* () {
      for (const p of parts) yield p;
      throw new Error('localhooks: connection cut on purpose (fault injection)');
    })(),
  );
}

/** The completion size a non-streamed answer reports (chat, Responses and Messages spell it differently). */
function outputTokens(body: string): number {
  const m = /"(?:completion_tokens|output_tokens)"\s*:\s*(\d+)/.exec(body);
  return m ? Number(m[1]) : 0;
}

/** Re-frames a server-sent-event stream (frames end with a blank line), pacing and breaking it as planned. */
async function* frames(source: Readable, plan: DeliveryPlan, clock: Clock): AsyncGenerator<string> {
  const breakAt = plan.frames !== undefined ? Math.max(1, Math.floor(plan.frames / 2)) : UNKNOWN_STREAM_BREAK;
  let buffer = '';
  let sent = 0;
  for await (const chunk of source) {
    buffer += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end + 2);
      buffer = buffer.slice(end + 2);
      if (sent > 0 && plan.tokensPerSec > 0) await delay(clock, 1000 / plan.tokensPerSec);
      if (sent === breakAt && plan.fault === 'cut') throw new Error('localhooks: stream cut on purpose (fault injection)');
      yield sent === breakAt && plan.fault === 'malformed' ? malformedFrame(frame) : frame;
      sent++;
    }
  }
  if (buffer) yield buffer;
}

/** The frame with its data cut in half: still an event, but its JSON does not parse. */
function malformedFrame(frame: string): string {
  return frame.replace(/^data: (.*)$/m, (_line, data: string) => `data: ${data.slice(0, Math.max(1, Math.floor(data.length / 2)))}`);
}

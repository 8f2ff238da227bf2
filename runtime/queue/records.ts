import { QueueError } from './errors.js';
import { serializeError } from './retry.js';
import type { DeadLetter, EnqueueResult, ItemFinished, QueueRecord } from './types.js';

/** Topic names become key parts and log text; this bound keeps both readable. */
export const MAX_TOPIC_LENGTH = 256;

export function validateTopic(topic: unknown): string {
  if (typeof topic !== 'string' || topic.trim() === '') {
    throw new QueueError('LH_QUEUE_INVALID_TOPIC', `queue topic must be a non-empty string, got ${describe(topic)}`);
  }
  if (topic.length > MAX_TOPIC_LENGTH) {
    throw new QueueError('LH_QUEUE_INVALID_TOPIC', `queue topic is longer than ${MAX_TOPIC_LENGTH} characters`);
  }
  return topic;
}

/** `runAt` accepts what `new Date(x)` accepts from apps: a Date, an ISO string or epoch milliseconds. */
export function validateDate(date: unknown): number {
  const ms =
    date instanceof Date ? date.getTime() : typeof date === 'string' || typeof date === 'number' ? new Date(date).getTime() : NaN;
  if (!Number.isFinite(ms)) throw new QueueError('LH_QUEUE_INVALID_DATE', `runAt: invalid date ${describe(date)}`);
  return ms;
}

/** Payloads are stored as JSON, as on the platform: Dates become ISO strings, functions and undefined vanish. */
export function toJsonPayload(payload: unknown): unknown {
  let json: string | undefined;
  try {
    json = JSON.stringify(payload);
  } catch (err) {
    throw new QueueError('LH_QUEUE_INVALID_PAYLOAD', `queue payload cannot be stored as JSON: ${(err as Error).message}`, { cause: err });
  }
  return json === undefined ? null : JSON.parse(json);
}

/** A new item waiting in its topic's queue (the broker's, and the one a coderunner enqueues itself). */
export function newRecord(id: string, topic: string, payload: unknown, seq: number, now: number): QueueRecord {
  return { _id: id, topic, payload, state: 'waiting', attempts: 0, seq, enqueuedAt: now };
}

export function toEnqueueResult(rec: QueueRecord): EnqueueResult {
  const out: EnqueueResult = { _id: rec._id, topic: rec.topic, state: rec.state, enqueuedAt: new Date(rec.enqueuedAt).toISOString() };
  if (rec.runAt !== undefined) out.runAt = new Date(rec.runAt).toISOString();
  return out;
}

export function toDeadLetter(rec: QueueRecord): DeadLetter {
  return {
    _id: rec._id,
    topic: rec.topic,
    payload: rec.payload,
    attempts: rec.attempts,
    lastError: rec.lastError ?? null,
    enqueuedAt: new Date(rec.enqueuedAt).toISOString(),
    deadAt: new Date(rec.finishedAt ?? rec.enqueuedAt).toISOString(),
  };
}

/** What `onFinished` reports for an attempt, once the record moved to its next state. */
export function finishedEvent(rec: QueueRecord, a: { attempt: number; startedAt: number; runAt?: number; error: unknown }): ItemFinished {
  return {
    id: rec._id,
    topic: rec.topic,
    attempt: a.attempt,
    startedAt: a.startedAt,
    outcome: a.error === null ? 'done' : rec.state === 'dead' ? 'dead' : 'retry',
    ...(a.runAt !== undefined ? { runAt: a.runAt } : {}),
    ...(a.error !== null ? { error: serializeError(a.error).message } : {}),
    ...(rec.state === 'failed' && rec.dueAt !== undefined ? { retryAt: rec.dueAt } : {}),
  };
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (value instanceof Date) return 'an invalid Date';
  return typeof value;
}

import { newRecord, toEnqueueResult, toJsonPayload, validateTopic } from '../queue/records.js';
import { itemId, putItem } from '../queue/queue.store.js';
import type { QueueRecord } from '../queue/types.js';

export { putItem, toEnqueueResult };

/** A new queue item as the broker makes one (runtime/queue/broker.ts), or null when the broker would refuse it. */
export function newItem(topic: unknown, payload: unknown, seq: number, now: number): QueueRecord | null {
  try {
    return newRecord(itemId(now, seq), validateTopic(topic), toJsonPayload(payload), seq, now);
  } catch {
    return null;
  }
}

/**
 * The queue broker: durable queue items in the Store (`queue/…` keys), leased to the current runner
 * generation with the topic's concurrency (`workers`) and visibility timeout (`timeout`), retried with
 * backoff, dead-lettered after `maxAttempts`. `runAt` items wait in a time index. Everything is driven by the
 * injected clock and survives a restart (items being processed when the process stopped are re-delivered).
 *
 * @example
 *   const broker = await createQueueBroker({ store, clock: systemClock, logger });
 *   broker.attach({ mail: { workers: 2, timeout: 10_000 } }, (topic, payload) => runner.callWorker(topic, payload));
 *   await broker.enqueue('mail', { to: 'a@b.c' });
 */
import { DEFAULT_MAX_ATTEMPTS, BACKOFF_MS } from './retry.js';
import { QueueBroker } from './broker.js';
import { itemId, loadQueue } from './queue.store.js';
import { workflowInstanceKey } from './exclusive.js';
import { WriteBatcher } from './write-batcher.js';
import type { BrokerDeps } from './types.js';

export { QueueBroker } from './broker.js';
export { loadQueue, type LoadedQueue } from './queue.store.js';
export { workflowInstanceKey, type ExclusiveKeyFn } from './exclusive.js';
export { QueueError, QUEUE_ERRORS, type QueueErrorCode } from './errors.js';
export { decideRetry, serializeError, BACKOFF_MS, DEFAULT_MAX_ATTEMPTS, type RetryDecision, type RetryPolicy } from './retry.js';
export type * from './types.js';

/** Done records kept per topic for inspection; the done counter keeps counting past it. */
export const DEFAULT_DONE_HISTORY = 100;
/** The platform's worker default; also the workflow engine's step timeout. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Opens the broker on `store`, rebuilding its queues from the records already there. */
export async function createQueueBroker(deps: BrokerDeps): Promise<QueueBroker> {
  const o = deps.options ?? {};
  const loaded = await loadQueue(deps.store);
  return new QueueBroker(
    { clock: deps.clock, logger: deps.logger, writer: new WriteBatcher(deps.store), query: deps.query },
    {
      policy: { maxAttempts: o.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, backoff: o.backoff ?? BACKOFF_MS },
      doneHistory: o.doneHistory ?? DEFAULT_DONE_HISTORY,
      defaultWorkers: o.defaultWorkers ?? 1,
      defaultTimeout: o.defaultTimeout ?? DEFAULT_TIMEOUT_MS,
      exclusiveKey: o.exclusiveKey ?? workflowInstanceKey,
      newId: o.newId ?? itemId,
      seq: o.seq,
    },
    loaded,
  );
}
export { registerQueueRoutes, type QueueRouteSources } from './queue.routes.js';

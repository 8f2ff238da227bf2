import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Store } from '../storage/index.js';
import type { QueueState } from '../../sdk/contract/values.js';

/**
 * What `enqueue` and `runAt` resolve with, and the item lifecycle (bullmq-style, made explicit), are the
 * contract's (sdk/). A `runAt` item is `waiting` with a future `dueAt`; status() counts it as `scheduled`.
 */
export type { EnqueueResult, QueueState } from '../../sdk/contract/values.js';

export interface SerializedError {
  message: string;
  stack?: string;
  name?: string;
}

/** What is stored under `queue/item/<_id>`. Times are epoch milliseconds. */
export interface QueueRecord {
  _id: string;
  topic: string;
  payload: unknown;
  state: QueueState;
  /** Delivery attempts started so far (counted when the item is leased). */
  attempts: number;
  /** FIFO position inside the topic; a retried item gets a new one (back of the queue). */
  seq: number;
  enqueuedAt: number;
  /** Set while the item waits for a time: a `runAt` date or a retry backoff. */
  dueAt?: number;
  /** The `runAt` date the app asked for. */
  runAt?: number;
  leaseUntil?: number;
  lastError?: SerializedError;
  /** The `enqueueFromQuery` batch the item came from. */
  jobId?: string;
  finishedAt?: number;
}

export interface TopicConfig {
  workers?: number;
  timeout?: number;
}

export interface DispatchMeta {
  id: string;
  attempt: number;
}

/** Calls the app's worker for one item; resolves when the worker called `res.end()` (or its promise settled). */
export type Dispatch = (topic: string, payload: unknown, meta: DispatchMeta) => Promise<void>;

/** Streams the documents of `coll` matching `filter`; the composition root wires it to the datastore. */
export type QueryFn = (coll: string, filter: unknown, options: unknown) => AsyncIterable<unknown>;

export interface TopicStatus {
  topic: string;
  /** Ready to run now (or waiting for a worker to be registered). */
  waiting: number;
  /** `runAt` items whose time has not come yet. */
  scheduled: number;
  leased: number;
  /** Failed an attempt, waiting for the retry backoff. */
  failed: number;
  /** Completed since the data folder was created (a counter; only the last records are kept). */
  done: number;
  dead: number;
  /** Concurrency of the attached worker; null when no worker is registered for the topic. */
  workers: number | null;
  timeout: number | null;
}

export interface DeadLetter {
  _id: string;
  topic: string;
  payload: unknown;
  attempts: number;
  lastError: SerializedError | null;
  enqueuedAt: string;
  deadAt: string;
}

/** One delivery attempt that ended, as `onFinished` reports it (`localhooks time advance` lists these). */
export interface ItemFinished {
  id: string;
  topic: string;
  attempt: number;
  /** Clock time the attempt started. */
  startedAt: number;
  outcome: 'done' | 'retry' | 'dead';
  /** The `runAt` date the item was scheduled for. */
  runAt?: number;
  error?: string;
  /** When the next attempt is due (outcome `retry`). */
  retryAt?: number;
}

export interface BrokerOptions {
  /** Delivery attempts before an item is dead-lettered. Default 3. */
  maxAttempts?: number;
  /** Retry delays in ms by failed attempt (1st, 2nd, …; the last entry repeats). Default `BACKOFF_MS`. */
  backoff?: readonly number[];
  /** Done records kept per topic for inspection; older ones are deleted (the done counter keeps counting). Default 100. */
  doneHistory?: number;
  /** Concurrency when a topic's config gives none (Q-07/Q-11: serial, like the platform's local mode). Default 1. */
  defaultWorkers?: number;
  /** Lease (visibility timeout) in ms when a topic's config gives none. Default 30 000. */
  defaultTimeout?: number;
  /**
   * Items with the same key never run at once, whatever their topics. Default `workflowInstanceKey`: the steps
   * of one workflow instance run one at a time (the SDK's parallel join needs it, WF-27).
   */
  exclusiveKey?: (topic: string, payload: unknown) => string | undefined;
  /** Ids for new items. Processes sharing one store each need their own (runtime/cluster). Default `itemId`. */
  newId?: (now: number, seq: number) => string;
  /** A sequence shared with threads that enqueue into the same store themselves (runtime/storage/direct-control.ts). */
  seq?: SharedSequence;
}

/** Item sequence numbers handed out across threads: FIFO order and ids stay unique whoever enqueues. */
export interface SharedSequence {
  next(): number;
  /**
   * The broker (re)read the queues from the store (at start, after a snapshot restore): numbers continue above
   * `maxSeq`, and items other threads announced before this are either in what it read or gone with the old data.
   */
  reloaded(maxSeq: number): void;
}

export interface BrokerDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  query?: QueryFn;
  options?: BrokerOptions;
}

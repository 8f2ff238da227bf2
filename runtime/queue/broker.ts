import { randomUUID } from 'node:crypto';
import type { Clock, TimerHandle } from '../clock.js';
import type { Logger } from '../logger.js';
import type { BatchOp } from '../storage/index.js';
import { SettleSignal, type WorkSource } from '../work.js';
import { TimeIndex, type DueEntry } from './due-index.js';
import { ExclusiveKeys, type ExclusiveKeyFn } from './exclusive.js';
import { Fifo } from './fifo.js';
import { decideRetry, serializeError, type RetryPolicy } from './retry.js';
import { delItem, planRestore, putDoneCount, putItem, type LoadedQueue } from './queue.store.js';
import { finishedEvent, newRecord, toDeadLetter, toEnqueueResult, toJsonPayload, validateDate, validateTopic } from './records.js';
import { QueueError } from './errors.js';
import { topicStatuses } from './status.js';
import type {
  DeadLetter,
  Dispatch,
  EnqueueResult,
  ItemFinished,
  QueryFn,
  QueueRecord,
  TopicConfig,
  TopicStatus,
  SharedSequence,
} from './types.js';
import type { WriteBatcher } from './write-batcher.js';

/** Completed ids `adopt` remembers: a read of the store can predate their done write by a few milliseconds. */
const RECENT_DONE = 10_000;
/** Documents written per batch by enqueueFromQuery: large enough to amortise, small enough to stream. */
const FROM_QUERY_CHUNK = 500;

export interface BrokerSettings {
  policy: RetryPolicy;
  doneHistory: number;
  defaultWorkers: number;
  defaultTimeout: number;
  exclusiveKey: ExclusiveKeyFn;
  newId: (now: number, seq: number) => string;
  seq?: SharedSequence;
}

interface Lease {
  rec: QueueRecord;
  startedAt: number;
  key: string | undefined;
  attempt: number;
  timer: TimerHandle;
  finished: boolean;
  settle: () => void;
  settled: Promise<void>;
}

/** One runner generation: its worker table, its dispatch function and its calls in flight. */
interface Generation {
  configs: Map<string, Required<TopicConfig>>;
  dispatch: Dispatch;
  active: Map<string, number>;
  leases: Set<Lease>;
}

export class QueueBroker implements WorkSource {
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #writer: WriteBatcher;
  readonly #query: QueryFn | undefined;
  readonly #settings: BrokerSettings;
  /** Every record that is not done: waiting, scheduled, leased, failed and dead. */
  readonly #items = new Map<string, QueueRecord>();
  readonly #ready = new Map<string, Fifo<QueueRecord>>();
  #due: TimeIndex;
  readonly #doneIds = new Map<string, string[]>();
  readonly #doneCounts: Map<string, number>;
  #exclusive = new ExclusiveKeys();
  readonly #finished = new Set<(e: ItemFinished) => void>();
  #seq: number;
  #gen: Generation | null = null;
  #closed = false;
  /** Writes new items and forgets them: another process holds and delivers the queues (follow/lead below). */
  #passive = false;
  readonly #recentDone = new Set<string>();
  readonly #settled = new SettleSignal();

  constructor(
    deps: { clock: Clock; logger: Logger; writer: WriteBatcher; query?: QueryFn },
    settings: BrokerSettings,
    loaded: LoadedQueue,
  ) {
    this.#clock = deps.clock;
    this.#logger = deps.logger;
    this.#writer = deps.writer;
    this.#query = deps.query;
    this.#settings = settings;
    this.#seq = loaded.maxSeq;
    this.#settings.seq?.reloaded(loaded.maxSeq);
    this.#doneCounts = loaded.doneCounts;
    this.#due = new TimeIndex(deps.clock, (entries) => this.#onDue(entries));
    this.#restore(loaded.records);
  }

  async enqueue(topic: unknown, payload: unknown, _options?: unknown): Promise<EnqueueResult> {
    // `_options` ({workers, timeout} from the workflow engine) is ignored: the worker's registration decides (AMB 27).
    const t = this.#open(topic);
    const rec = this.#newRecord(t, toJsonPayload(payload));
    await this.#writer.write([putItem(rec)]);
    if (this.#passive) return toEnqueueResult(rec);
    this.#makeReady(rec);
    this.#pump(t);
    return toEnqueueResult(rec);
  }

  async runAt(date: unknown, payload: unknown, topic: unknown): Promise<EnqueueResult> {
    const t = this.#open(topic);
    const at = validateDate(date);
    const rec = this.#newRecord(t, toJsonPayload(payload));
    rec.runAt = at;
    rec.dueAt = at;
    await this.#writer.write([putItem(rec)]);
    if (this.#passive) return toEnqueueResult(rec);
    this.#items.set(rec._id, rec);
    this.#due.add({ at, seq: rec.seq, id: rec._id });
    return toEnqueueResult(rec);
  }

  async enqueueFromQuery(coll: unknown, filter: unknown, topic: unknown, options?: unknown): Promise<{ count: number; jobId: string }> {
    const t = this.#open(topic);
    if (!this.#query) throw new QueueError('LH_QUEUE_NO_QUERY', 'enqueueFromQuery needs the datastore, which is not wired to the queue broker');
    if (typeof coll !== 'string' || coll === '') throw new QueueError('LH_QUEUE_INVALID_TOPIC', 'enqueueFromQuery: collection must be a non-empty string');
    const jobId = randomUUID();
    let count = 0;
    let chunk: QueueRecord[] = [];
    const flush = async (): Promise<void> => {
      const recs = chunk;
      chunk = [];
      await this.#writer.write(recs.map(putItem));
      if (this.#passive) return;
      for (const rec of recs) this.#makeReady(rec);
      this.#pump(t);
    };
    for await (const doc of this.#query(coll, filter ?? {}, options ?? {})) {
      const rec = this.#newRecord(t, toJsonPayload(doc));
      rec.jobId = jobId;
      chunk.push(rec);
      count++;
      if (chunk.length >= FROM_QUERY_CHUNK) await flush();
    }
    if (chunk.length > 0) await flush();
    return { count, jobId };
  }

  /** Starts delivering to a runner generation; the previous one must have been detached. */
  attach(workers: Record<string, TopicConfig>, dispatch: Dispatch): void {
    if (this.#closed) throw new QueueError('LH_QUEUE_CLOSED', 'the queue broker is closed');
    if (this.#gen) throw new QueueError('LH_QUEUE_ATTACHED', 'a runner generation is attached; detach it first');
    const configs = new Map<string, Required<TopicConfig>>();
    for (const [topic, cfg] of Object.entries(workers)) {
      configs.set(topic, {
        workers: positiveInt(cfg?.workers) ?? this.#settings.defaultWorkers,
        timeout: positiveInt(cfg?.timeout) ?? this.#settings.defaultTimeout,
      });
    }
    this.#gen = { configs, dispatch, active: new Map(), leases: new Set() };
    for (const [topic, fifo] of this.#ready) {
      if (fifo.size === 0) continue;
      if (configs.has(topic)) this.#pump(topic);
      else this.#logger.info(`queue ${topic}: ${fifo.size} item(s) waiting; no worker is registered for this topic`);
    }
  }

  /** Stops leasing; resolves when every call of the detached generation has settled or outlived its lease. */
  async detach(): Promise<void> {
    const gen = this.#gen;
    if (!gen) return;
    this.#gen = null;
    await Promise.all([...gen.leases].map((l) => l.settled));
  }

  status(): TopicStatus[] {
    return topicStatuses(this.#items.values(), this.#doneCounts, this.#gen?.configs, this.#clock.now());
  }

  /** Leased items, and ready items a worker will take: work that finishes without the clock moving. */
  inFlight(): string[] {
    const gen = this.#gen;
    if (!gen) return [];
    const keys: string[] = [];
    for (const rec of this.#items.values()) {
      if (rec.state === 'leased' || (rec.state === 'waiting' && rec.dueAt === undefined && gen.configs.has(rec.topic))) keys.push(`queue:${rec._id}:${rec.attempts}`);
    }
    return keys;
  }

  onSettle(fn: () => void): () => void {
    return this.#settled.on(fn);
  }

  /** Items not done, dead or waiting for a time: what is queued or running now (copies). */
  active(): QueueRecord[] {
    const out: QueueRecord[] = [];
    for (const rec of this.#items.values()) if (rec.state === 'leased' || (rec.state === 'waiting' && rec.dueAt === undefined)) out.push(structuredClone(rec));
    return out;
  }

  deadLetters(topic?: string): DeadLetter[] {
    const out: QueueRecord[] = [];
    for (const rec of this.#items.values()) if (rec.state === 'dead' && (topic === undefined || rec.topic === topic)) out.push(rec);
    return out.sort((a, b) => (a.finishedAt ?? 0) - (b.finishedAt ?? 0)).map(toDeadLetter);
  }

  /** Calls `fn` after every delivery attempt ends (done, retry scheduled or dead); returns the unsubscribe function. */
  onFinished(fn: (e: ItemFinished) => void): () => void {
    this.#finished.add(fn);
    return () => void this.#finished.delete(fn);
  }

  /** Copies of every record not done: waiting, scheduled, leased, failed (backing off) and dead. */
  records(): QueueRecord[] {
    return [...this.#items.values()].map((rec) => structuredClone(rec));
  }

  /** Dead letters back to the end of their topic's queue, with fresh attempts; by id, or all (of one topic). */
  retryDead(select: { id?: string; topic?: string }): number {
    const dead = this.#deadSelection(select);
    for (const rec of dead) {
      rec.state = 'waiting';
      rec.attempts = 0;
      rec.seq = this.#nextSeq();
      delete rec.finishedAt;
      this.#makeReady(rec);
    }
    this.#persist(dead.map(putItem));
    for (const topic of new Set(dead.map((r) => r.topic))) this.#pump(topic);
    if (dead.length) this.#logger.info(`queue: ${dead.length} dead letter(s) sent back to their queue`);
    return dead.length;
  }

  /** Deletes dead letters: by id, or all (of one topic). */
  discardDead(select: { id?: string; topic?: string }): number {
    const dead = this.#deadSelection(select);
    for (const rec of dead) this.#items.delete(rec._id);
    this.#persist(dead.map((r) => delItem(r._id)));
    return dead.length;
  }

  /** Resolves when every state move so far is on disk (a snapshot reads the store after this). */
  flush(): Promise<void> {
    return this.#writer.idle();
  }

  /**
   * Forgets the queues and rebuilds them from `loaded`, after the store's contents were replaced (a snapshot
   * restore). The broker must be detached and flushed.
   */
  reload(loaded: LoadedQueue): void {
    if (this.#gen) throw new QueueError('LH_QUEUE_ATTACHED', 'detach the runner generation before reloading the queues');
    this.#due.close();
    this.#due = new TimeIndex(this.#clock, (entries) => this.#onDue(entries));
    this.#items.clear();
    this.#ready.clear();
    this.#doneIds.clear();
    this.#doneCounts.clear();
    for (const [topic, n] of loaded.doneCounts) this.#doneCounts.set(topic, n);
    this.#exclusive = new ExclusiveKeys();
    this.#seq = loaded.maxSeq;
    this.#settings.seq?.reloaded(loaded.maxSeq);
    this.#restore(loaded.records);
  }

  /**
   * Several processes on one store: one leads (holds and delivers every item), the others follow (write new items
   * and forget them; the leader adopts them). Following drops what this broker held; it must be detached.
   */
  follow(): void {
    this.reload({ records: [], doneCounts: new Map(), maxSeq: this.#seq });
    this.#passive = true;
  }

  /** Takes over the queues as they are in the store; items the previous leader had leased are delivered again. */
  lead(loaded: LoadedQueue): void {
    this.reload(loaded);
    this.#passive = false;
  }

  /** Items another process wrote to the store: the waiting, scheduled and backed-off ones this broker does not hold yet. */
  adopt(records: QueueRecord[]): void {
    if (this.#passive || this.#closed) return;
    const topics = new Set<string>();
    for (const rec of records) {
      if (this.#items.has(rec._id) || this.#recentDone.has(rec._id) || (rec.state !== 'waiting' && rec.state !== 'failed')) continue;
      if (rec.dueAt !== undefined) {
        this.#items.set(rec._id, rec);
        this.#due.add({ at: rec.dueAt, seq: rec.seq, id: rec._id });
      } else {
        this.#makeReady(rec);
        topics.add(rec.topic);
      }
    }
    for (const topic of topics) this.#pump(topic);
  }

  #deadSelection(select: { id?: string; topic?: string }): QueueRecord[] {
    if (select.id !== undefined) {
      const rec = this.#items.get(select.id);
      if (!rec || rec.state !== 'dead') throw new QueueError('LH_QUEUE_UNKNOWN_ITEM', `no dead letter with id '${select.id}'`);
      return [rec];
    }
    return [...this.#items.values()].filter((r) => r.state === 'dead' && (select.topic === undefined || r.topic === select.topic));
  }

  /** Cancels every timer and waits for pending writes; calls still in flight are abandoned (re-delivered at next open). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#due.close();
    const gen = this.#gen;
    this.#gen = null;
    for (const lease of gen?.leases ?? []) {
      lease.finished = true;
      lease.timer.cancel();
      lease.settle();
    }
    await this.#writer.idle();
  }

  #open(topic: unknown): string {
    if (this.#closed) throw new QueueError('LH_QUEUE_CLOSED', 'the queue broker is closed');
    return validateTopic(topic);
  }

  #nextSeq(): number {
    return this.#settings.seq ? this.#settings.seq.next() : ++this.#seq;
  }

  #newRecord(topic: string, payload: unknown): QueueRecord {
    const seq = this.#nextSeq();
    const now = this.#clock.now();
    return newRecord(this.#settings.newId(now, seq), topic, payload, seq, now);
  }

  #makeReady(rec: QueueRecord): void {
    this.#items.set(rec._id, rec);
    let fifo = this.#ready.get(rec.topic);
    if (!fifo) this.#ready.set(rec.topic, (fifo = new Fifo()));
    fifo.push(rec);
  }

  #pump(topic: string): void {
    const gen = this.#gen;
    const cfg = gen?.configs.get(topic);
    const fifo = this.#ready.get(topic);
    if (!gen || !cfg || !fifo || this.#closed) return;
    while (fifo.size > 0 && (gen.active.get(topic) ?? 0) < cfg.workers) {
      const rec = fifo.shift()!;
      const key = this.#settings.exclusiveKey(topic, rec.payload);
      if (key === undefined || this.#exclusive.acquire(key, rec)) this.#lease(gen, rec, cfg.timeout, key);
    }
  }

  #lease(gen: Generation, rec: QueueRecord, timeout: number, key: string | undefined): void {
    rec.state = 'leased';
    rec.attempts += 1;
    rec.leaseUntil = this.#clock.now() + timeout;
    // Not awaited: the batcher keeps writes in order, and an item whose lease never reached disk is still
    // `waiting` there, so a crash re-delivers it either way (at-least-once).
    this.#persist([putItem(rec)]);
    gen.active.set(rec.topic, (gen.active.get(rec.topic) ?? 0) + 1);
    let settle!: () => void;
    const settled = new Promise<void>((r) => (settle = r));
    const lease: Lease = { rec, startedAt: this.#clock.now(), key, attempt: rec.attempts, finished: false, settle, settled, timer: { cancel() {} } };
    gen.leases.add(lease);
    lease.timer = this.#clock.setTimeout(() => {
      const err = new Error(`worker for topic '${rec.topic}' did not finish within ${timeout} ms`);
      this.#finish(gen, lease, err);
    }, timeout);
    let call: Promise<void>;
    try {
      // A fresh copy per delivery: handlers (the workflow engine among them) mutate their payload.
      call = Promise.resolve(gen.dispatch(rec.topic, structuredClone(rec.payload), { id: rec._id, attempt: rec.attempts }));
    } catch (err) {
      call = Promise.reject(err);
    }
    call.then(
      () => this.#finish(gen, lease, null),
      (err: unknown) => this.#finish(gen, lease, err ?? new Error('worker failed')),
    );
  }

  #finish(gen: Generation, lease: Lease, error: unknown): void {
    if (lease.finished) return; // a call that outlived its lease: the item was already retried
    lease.finished = true;
    lease.timer.cancel();
    const { rec } = lease;
    gen.active.set(rec.topic, (gen.active.get(rec.topic) ?? 1) - 1);
    gen.leases.delete(lease);
    lease.settle();
    if (this.#closed) return;
    const runAt = rec.runAt;
    if (error === null) this.#complete(rec);
    else this.#fail(rec, error);
    this.#report(lease, rec, runAt, error);
    const parked = lease.key === undefined ? undefined : this.#exclusive.release(lease.key);
    if (parked) {
      this.#ready.get(parked.topic)!.unshift(parked);
      this.#pump(parked.topic);
    }
    this.#pump(rec.topic);
    this.#settled.emit();
  }

  #complete(rec: QueueRecord): void {
    this.#items.delete(rec._id);
    if (this.#recentDone.add(rec._id).size > RECENT_DONE) this.#recentDone.delete(this.#recentDone.values().next().value!);
    const done: QueueRecord = { ...rec, payload: null, state: 'done', finishedAt: this.#clock.now() };
    delete done.leaseUntil;
    const count = (this.#doneCounts.get(rec.topic) ?? 0) + 1;
    this.#doneCounts.set(rec.topic, count);
    const ops: BatchOp[] = [putItem(done), putDoneCount(rec.topic, count)];
    let ids = this.#doneIds.get(rec.topic);
    if (!ids) this.#doneIds.set(rec.topic, (ids = []));
    ids.push(rec._id);
    while (ids.length > this.#settings.doneHistory) ops.push(delItem(ids.shift()!));
    this.#persist(ops);
  }

  #fail(rec: QueueRecord, error: unknown): void {
    const decision = decideRetry(rec.attempts, error, this.#settings.policy);
    const lastError = serializeError(error);
    rec.lastError = lastError;
    delete rec.leaseUntil;
    const max = this.#settings.policy.maxAttempts;
    if (decision.action === 'retry') {
      rec.state = 'failed';
      rec.dueAt = this.#clock.now() + decision.delayMs;
      this.#due.add({ at: rec.dueAt, seq: rec.seq, id: rec._id });
      this.#logger.warn(`queue ${rec.topic}: item ${rec._id} failed attempt ${rec.attempts}/${max}: ${lastError.message}; retrying in ${decision.delayMs} ms`);
    } else {
      rec.state = 'dead';
      rec.finishedAt = this.#clock.now();
      this.#logger.error(`queue ${rec.topic}: item ${rec._id} moved to dead letters (${decision.reason}): ${lastError.message}`);
    }
    this.#persist([putItem(rec)]);
  }

  /** Scheduled and backed-off items whose time has come go to the back of their topic's queue. */
  #onDue(entries: DueEntry[]): void {
    const topics = new Set<string>();
    const ops: BatchOp[] = [];
    for (const e of entries) {
      const rec = this.#items.get(e.id);
      if (!rec || rec.dueAt !== e.at || (rec.state !== 'waiting' && rec.state !== 'failed')) continue;
      rec.state = 'waiting';
      delete rec.dueAt;
      rec.seq = this.#nextSeq();
      ops.push(putItem(rec));
      this.#makeReady(rec);
      topics.add(rec.topic);
    }
    this.#persist(ops);
    for (const topic of topics) this.#pump(topic);
  }

  #report(lease: Lease, rec: QueueRecord, runAt: number | undefined, error: unknown): void {
    if (this.#finished.size === 0) return;
    const e = finishedEvent(rec, { attempt: lease.attempt, startedAt: lease.startedAt, runAt, error });
    for (const fn of this.#finished) fn(e);
  }

  #persist(ops: BatchOp[]): void {
    if (ops.length === 0) return;
    this.#writer.writeSoon(ops).catch((err: unknown) => this.#logger.error(`queue: write failed: ${serializeError(err).message}`));
  }

  /** Rebuilds the in-memory FIFOs and time index at open; items leased by the previous process are re-delivered. */
  #restore(records: QueueRecord[]): void {
    const plan = planRestore(records);
    for (const [topic, ids] of plan.doneIds) this.#doneIds.set(topic, ids);
    for (const rec of plan.held) {
      this.#items.set(rec._id, rec);
      if (rec.state !== 'dead') this.#due.add({ at: rec.dueAt!, seq: rec.seq, id: rec._id });
    }
    for (const rec of plan.ready) this.#makeReady(rec);
    if (plan.redelivered.length > 0) {
      this.#logger.info(`queue: re-delivering ${plan.redelivered.length} item(s) that were being processed when localhooks stopped`);
      this.#persist(plan.redelivered);
    }
  }
}

function positiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) || 1 : undefined;
}

import { prefixRange, type BatchOp, type Store } from '../storage/index.js';
import type { QueueRecord } from './types.js';

/**
 * Key layout under `queue/`:
 *   queue/item/<_id>     one JSON record per item, whatever its state (waiting, leased, failed, done, dead)
 *   queue/count/<topic>  how many items of the topic completed (done records themselves are pruned)
 * The record carries its state and due time; the broker rebuilds its FIFOs and time index from one scan at open.
 */
const ITEM = 'queue/item/';
const COUNT = 'queue/count/';

export function putItem(rec: QueueRecord): BatchOp {
  return { type: 'put', key: ITEM + rec._id, value: JSON.stringify(rec) };
}

export function delItem(id: string): BatchOp {
  return { type: 'del', key: ITEM + id };
}

export function putDoneCount(topic: string, count: number): BatchOp {
  return { type: 'put', key: COUNT + topic, value: String(count) };
}

export interface LoadedQueue {
  records: QueueRecord[];
  doneCounts: Map<string, number>;
  maxSeq: number;
}

export async function loadQueue(store: Store): Promise<LoadedQueue> {
  const records: QueueRecord[] = [];
  let maxSeq = 0;
  for await (const [, value] of store.entries(prefixRange(ITEM))) {
    const rec = JSON.parse(value) as QueueRecord;
    records.push(rec);
    if (rec.seq > maxSeq) maxSeq = rec.seq;
  }
  const doneCounts = new Map<string, number>();
  for await (const [key, value] of store.entries(prefixRange(COUNT))) {
    doneCounts.set(key.slice(COUNT.length), Number(value) || 0);
  }
  records.sort((a, b) => a.seq - b.seq);
  return { records, doneCounts, maxSeq };
}

/** 24 hex digits like the datastore's ids: 12 of milliseconds, then 12 of the broker's sequence number. */
export function itemId(now: number, seq: number): string {
  return Math.max(0, Math.floor(now)).toString(16).padStart(12, '0').slice(-12) + seq.toString(16).padStart(12, '0');
}

/** What a broker opening over stored records holds, by state; items leased by the previous process wait again. */
export interface RestorePlan {
  doneIds: Map<string, string[]>;
  /** Dead letters and scheduled or backed-off items (in the time index when `dueAt` is set). */
  held: QueueRecord[];
  ready: QueueRecord[];
  /** The writes that put re-delivered items back to `waiting`. */
  redelivered: BatchOp[];
}

export function planRestore(records: QueueRecord[]): RestorePlan {
  const plan: RestorePlan = { doneIds: new Map(), held: [], ready: [], redelivered: [] };
  for (const rec of records) {
    if (rec.state === 'done') {
      let ids = plan.doneIds.get(rec.topic);
      if (!ids) plan.doneIds.set(rec.topic, (ids = []));
      ids.push(rec._id);
      continue;
    }
    if (rec.state === 'leased') {
      rec.state = 'waiting';
      delete rec.leaseUntil;
      plan.redelivered.push(putItem(rec));
    }
    if (rec.state === 'dead' || rec.dueAt !== undefined) plan.held.push(rec);
    else plan.ready.push(rec);
  }
  return plan;
}

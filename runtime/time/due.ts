import type { CronService } from '../cron/index.js';
import type { KvAdmin } from '../datastore/index.js';
import type { ItemFinished, QueueBroker } from '../queue/index.js';
import type { DueThing, RanThing } from './types.js';

/** How far ahead `localhooks time` looks for things that will run. */
const HORIZON_MS = 366 * 86_400_000;
/** Cron runs listed per job: enough to show the rhythm. */
const CRON_RUNS_PER_JOB = 3;

export interface DueSources {
  cron: Pick<CronService, 'upcoming'>;
  broker: Pick<QueueBroker, 'records'>;
  kv: Pick<KvAdmin, 'expiring'>;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const WORKFLOW_TOPIC = 'workflowqueue_';

/** A queue topic as people read it: the SDK's workflow step topics name the workflow and the step. */
export function describeTopic(topic: string): string {
  return topic.startsWith(WORKFLOW_TOPIC) ? `workflow step ${topic.slice(WORKFLOW_TOPIC.length)}` : `queue ${topic}`;
}

export function kvLabel(keyspace: string, key: string): string {
  return keyspace ? `${keyspace}:${key}` : key;
}

/** The next things time will run or end, earliest first. */
export async function dueThings(s: DueSources, now: number, limit: number): Promise<DueThing[]> {
  const out: { ms: number; kind: DueThing['kind']; what: string }[] = [];
  for (const e of await s.kv.expiring(now, now + HORIZON_MS, limit)) out.push({ ms: e.expiresAt, kind: 'ttl', what: `key ${kvLabel(e.keyspace, e.key)} expires` });
  for (const r of s.cron.upcoming(now + HORIZON_MS, CRON_RUNS_PER_JOB)) out.push({ ms: r.at, kind: 'cron', what: `cron job #${r.index} '${r.expr}'` });
  for (const rec of s.broker.records()) {
    const item = `${describeTopic(rec.topic)} item ${rec._id}`;
    if (rec.state === 'waiting' && rec.dueAt !== undefined) out.push({ ms: rec.dueAt, kind: 'runAt', what: item });
    else if (rec.state === 'failed' && rec.dueAt !== undefined) out.push({ ms: rec.dueAt, kind: 'retry', what: `${item}, attempt ${rec.attempts + 1}` });
    else if (rec.state === 'leased' && rec.leaseUntil !== undefined) out.push({ ms: rec.leaseUntil, kind: 'timeout', what: `${item} times out unless it finishes` });
  }
  return out.sort((a, b) => a.ms - b.ms).slice(0, limit).map((d) => ({ at: iso(d.ms), kind: d.kind, what: d.what }));
}

/** A delivery attempt that ended, as `time advance` lists it. */
export function ranItem(e: ItemFinished): RanThing {
  const kind: RanThing['kind'] = e.topic.startsWith(WORKFLOW_TOPIC) ? 'workflow' : e.runAt !== undefined ? 'runAt' : e.attempt > 1 ? 'retry' : 'queue';
  const outcome = e.outcome === 'done' ? 'ok' : e.outcome;
  const next = e.retryAt !== undefined ? `, next attempt ${iso(e.retryAt)}` : '';
  return { at: iso(e.startedAt), kind, what: `${describeTopic(e.topic)} item ${e.id} (attempt ${e.attempt}${next})`, outcome, ...(e.error ? { error: e.error } : {}) };
}

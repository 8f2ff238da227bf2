/** Something time will run or end: a key-value entry expiring, a cron run, a `runAt` item, a retry, a lease timeout. */
export type DueKind = 'ttl' | 'cron' | 'runAt' | 'retry' | 'timeout';

export interface DueThing {
  /** ISO time it is due. */
  at: string;
  kind: DueKind;
  /** Human-readable: the key, the job, the topic and item. */
  what: string;
}

/** What ran while the clock moved: an entry that expired, a cron run, a queue item or workflow step delivered. */
export interface RanThing {
  at: string;
  kind: 'ttl' | 'cron' | 'runAt' | 'retry' | 'queue' | 'workflow';
  what: string;
  /** ok, failed, retry (scheduled again), dead, expired. */
  outcome: string;
  error?: string;
}

export type ClockMode = 'real' | 'moved' | 'manual' | 'system';

export interface ClockStatus {
  now: string;
  real: string;
  /** ms the clock runs ahead of real time (negative: behind); null for a frozen test clock. */
  offsetMs: number | null;
  mode: ClockMode;
  /** Whether `advance`/`set`/`reset` can move this server's clock. */
  movable: boolean;
  due: DueThing[];
}

export interface TimeTravel {
  from: string;
  to: string;
  /** Everything that ran while the clock moved, in time order. */
  ran: RanThing[];
  /** Entries beyond this many of one kind are counted, not listed. */
  omitted: number;
}

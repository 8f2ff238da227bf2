import type { QueueRecord } from './types.js';

/**
 * Items that share an exclusive key never run at the same time, whatever their topics.
 *
 * Why: the SDK's workflow engine joins parallel branches with a read-modify-write of the instance document
 * (findOne, then updateOne of the whole `parallelSteps`). Two branches of one instance running at once lose
 * each other's `done` flag and the join never fires (WF-27). The platform's local mode avoids it by running one
 * item at a time; localhooks keeps per-topic concurrency but runs the steps of one workflow instance one at a
 * time, keyed by the engine's payload `{stepsName, goto, instanceId}`.
 */
export type ExclusiveKeyFn = (topic: string, payload: unknown) => string | undefined;

export const workflowInstanceKey: ExclusiveKeyFn = (_topic, payload) => {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const p = payload as { stepsName?: unknown; goto?: unknown; instanceId?: unknown };
  if (typeof p.stepsName !== 'string' || !('goto' in p)) return undefined;
  return typeof p.instanceId === 'string' || typeof p.instanceId === 'number' ? `workflow:${p.instanceId}` : undefined;
};

export class ExclusiveKeys {
  readonly #held = new Set<string>();
  readonly #blocked = new Map<string, QueueRecord[]>();

  /** Takes the key, or parks `rec` behind its current holder and returns false. */
  acquire(key: string, rec: QueueRecord): boolean {
    if (!this.#held.has(key)) {
      this.#held.add(key);
      return true;
    }
    const list = this.#blocked.get(key);
    if (list) list.push(rec);
    else this.#blocked.set(key, [rec]);
    return false;
  }

  /** Frees the key; returns the next item parked behind it, which the caller puts back at its queue's front. */
  release(key: string): QueueRecord | undefined {
    this.#held.delete(key);
    const list = this.#blocked.get(key);
    const next = list?.shift();
    if (list && list.length === 0) this.#blocked.delete(key);
    return next;
  }
}

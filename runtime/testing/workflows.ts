import type { Conn } from '../../sdk/conn.js';
import { workflowInstanceKey, type QueueBroker } from '../queue/index.js';
import type { WorkSource } from '../work.js';
import { TestKitError } from './errors.js';

/** A workflow instance as the SDK's engine stores it in `workflowdata` (the app's own state fields beside). */
export interface WorkflowInstance {
  _id: string;
  workflowName: string;
  /** The step it runs or waits in; null once it completed. */
  nextStep: string | null;
  previousStep?: string;
  stepCount?: Record<string, { visits: number; startTime?: string; finishTime?: string; totalTime?: number }>;
  lastError?: { message?: string } | null;
  createdAt?: string;
  updatedAt?: string;
  [field: string]: unknown;
}

/** `{ step }`: parked in that step (its run finished, e.g. in `wait()`); `{ done: true }`: completed. */
export type WorkflowUntil = { step: string } | { done: true };

export interface TestWorkflows {
  /** The instance document, or null when there is none with this id. */
  get(id: string): Promise<WorkflowInstance | null>;
  /** Every instance, optionally of one workflow. */
  list(workflowName?: string): Promise<WorkflowInstance[]>;
  /** Resolves with the instance once it is parked in `step` or done; rejects after `timeoutMs` (default 10 s). */
  waitFor(id: string, until: WorkflowUntil, options?: { timeoutMs?: number }): Promise<WorkflowInstance>;
}

const COLLECTION = 'workflowdata';
export const DEFAULT_WAIT_MS = 10_000;

export function testWorkflows(db: Conn, broker: QueueBroker, sources: readonly WorkSource[]): TestWorkflows {
  const get = (id: string) => db.findOneOrNull(COLLECTION, { _id: id }) as Promise<WorkflowInstance | null>;
  const busy = (id: string) => broker.active().some((r) => workflowInstanceKey(r.topic, r.payload) === `workflow:${id}`);
  const reached = (doc: WorkflowInstance | null, until: WorkflowUntil, id: string): boolean => {
    if (!doc) return false;
    if ('done' in until) return doc.nextStep === null;
    return doc.nextStep === until.step && !busy(id);
  };
  return {
    get,
    list: async (workflowName) => (await db.getMany(COLLECTION, workflowName ? { workflowName } : {}).toArray()) as WorkflowInstance[],
    waitFor(id, until, options = {}) {
      if (typeof id !== 'string' || id === '') return Promise.reject(new TestKitError('BAD_ARGUMENT', 'workflows.waitFor(id, …): id must be the instance _id string'));
      if (!until || typeof until !== 'object' || !(('done' in until && until.done === true) || ('step' in until && typeof until.step === 'string'))) {
        return Promise.reject(new TestKitError('BAD_ARGUMENT', "workflows.waitFor(id, until): until must be { step: 'name' } or { done: true }"));
      }
      const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
      return new Promise((resolve, reject) => {
        let checking = false;
        let again = false;
        let finished = false;
        let last: WorkflowInstance | null = null;
        const offs = sources.map((s) => s.onSettle(() => void check()));
        const end = (fn: () => void): void => {
          finished = true;
          clearTimeout(timer);
          for (const off of offs) off();
          fn();
        };
        // Checked again whenever some work finishes; one read at a time, and one more if work finished meanwhile.
        const check = async (): Promise<void> => {
          if (checking) return void (again = true);
          checking = true;
          try {
            do {
              again = false;
              last = await get(id);
              if (!finished && reached(last, until, id)) return end(() => resolve(last!));
            } while (again && !finished);
          } catch (err) {
            end(() => reject(err));
          } finally {
            checking = false;
          }
        };
        const timer = setTimeout(() => end(() => reject(timeoutError(id, until, last, timeoutMs))), timeoutMs);
        void check();
      });
    },
  };
}

function timeoutError(id: string, until: WorkflowUntil, doc: WorkflowInstance | null, ms: number): TestKitError {
  const want = 'done' in until ? 'completion' : `step '${until.step}'`;
  const at = !doc ? 'there is no such instance' : doc.nextStep === null ? 'it completed' : `it is at step '${doc.nextStep}'`;
  const error = doc?.lastError?.message ? `; last error: ${doc.lastError.message}` : '';
  return new TestKitError('TIMEOUT', `workflow ${id} did not reach ${want} within ${ms} ms: ${at}${error}`);
}

import type { CallMethod, ConnBackend, StreamMethod } from '../../sdk/contract/calls.js';
import { deserializeError, type FromWorker, type SerializedError } from './protocol.js';
import { InflightTable } from './inflight.js';

type RpcMessage = Extract<FromWorker, { type: 'rpc' }>;
type RpcOp = RpcMessage extends infer M ? (M extends RpcMessage ? Omit<M, 'id' | 'type'> : never) : never;

type Pending = { resolve(v: unknown): void; reject(e: unknown): void };

/**
 * The worker side of the DB RPC: every conn call becomes one message to the datastore in the main thread. The
 * messages share the thread's outbox with the answers, in order: the calls made in one event-loop turn (32
 * requests' handlers resuming together) reach the main thread with one wake-up, and the datastore sees them
 * together (their writes share a commit).
 */
export class RpcClient implements ConnBackend {
  #seq = 0;
  readonly #pending = new InflightTable<Pending>();
  readonly #outbox: { push(m: FromWorker): void };

  constructor(outbox: { push(m: FromWorker): void }) {
    this.#outbox = outbox;
  }

  settle(id: number, ok: boolean, value: unknown): void {
    const p = this.#pending.take(id);
    if (!p) return;
    if (ok) p.resolve(value);
    else p.reject(deserializeError(value as SerializedError));
  }

  /** The outbox could not post this call (a value that cannot be cloned): its caller gets the error. */
  failed(msg: FromWorker, e: unknown): void {
    if (Array.isArray(msg) || msg.type !== 'rpc') return;
    const err = new Error(`Value cannot be stored: ${(e as Error).message}`) as Error & { code: string; status: number };
    err.code = 'LH_DB_INVALID_DOCUMENT';
    err.status = 400;
    this.#pending.take(msg.id)?.reject(err);
  }

  #send(msg: RpcOp): Promise<unknown> {
    const id = ++this.#seq;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#outbox.push({ ...msg, id, type: 'rpc' } as RpcMessage);
    });
  }

  call(method: CallMethod, args: readonly unknown[]): Promise<unknown> {
    return this.#send({ op: 'call', method, args: trimUndefined(args) });
  }

  async *iterate(method: StreamMethod, args: readonly unknown[]): AsyncIterable<unknown> {
    const { cursor } = (await this.#send({ op: 'iter-open', method, args: trimUndefined(args) })) as { cursor: number };
    let done = false;
    try {
      while (!done) {
        const page = (await this.#send({ op: 'iter-next', cursor })) as { items: unknown[]; done: boolean };
        done = page.done;
        yield* page.items;
      }
    } finally {
      if (!done) void this.#send({ op: 'iter-close', cursor }).catch(() => {});
    }
  }
}

/** Functions can't cross threads; trailing `undefined` arguments carry no meaning, so drop them. */
function trimUndefined(args: readonly unknown[]): unknown[] {
  let n = args.length;
  while (n > 0 && args[n - 1] === undefined) n--;
  return args.slice(0, n);
}

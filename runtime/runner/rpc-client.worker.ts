import type { MessagePort } from 'node:worker_threads';
import type { CallMethod, ConnBackend, StreamMethod } from '../../sdk/contract/calls.js';
import { deserializeError, type FromWorker, type SerializedError } from './protocol.js';

type RpcMessage = Extract<FromWorker, { type: 'rpc' }>;
type RpcOp = RpcMessage extends infer M ? (M extends RpcMessage ? Omit<M, 'id' | 'type'> : never) : never;

type Pending = { resolve(v: unknown): void; reject(e: unknown): void };

/** The worker side of the DB RPC: every conn call becomes one message to the datastore in the main thread. */
export class RpcClient implements ConnBackend {
  #seq = 0;
  readonly #pending = new Map<number, Pending>();
  readonly #port: MessagePort;

  constructor(port: MessagePort) {
    this.#port = port;
  }

  settle(id: number, ok: boolean, value: unknown): void {
    const p = this.#pending.get(id);
    if (!p) return;
    this.#pending.delete(id);
    if (ok) p.resolve(value);
    else p.reject(deserializeError(value as SerializedError));
  }

  #send(msg: RpcOp): Promise<unknown> {
    const id = ++this.#seq;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      try {
        this.#port.postMessage({ ...msg, id, type: 'rpc' });
      } catch (e) {
        this.#pending.delete(id);
        const err = new Error(`Value cannot be stored: ${(e as Error).message}`) as Error & { code: string; status: number };
        err.code = 'LH_DB_INVALID_DOCUMENT';
        err.status = 400;
        reject(err);
      }
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

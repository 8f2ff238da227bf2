import { isStreamMethod, type ConnBackend } from '../../sdk/contract/calls.js';
import { serializeError, type FromWorker, type ToWorker } from './protocol.js';

/** Items per cursor page: enough to amortise the message hop, small enough to keep memory flat on big scans. */
const PAGE_SIZE = 256;

/** The main-thread side of the DB RPC for one runner: calls the backend, pages cursors. */
export class RpcServer {
  readonly #backend: ConnBackend;
  readonly #post: (msg: ToWorker) => void;
  readonly #cursors = new Map<number, AsyncIterator<unknown>>();
  #seq = 0;
  /** Calls this thread answered for the runner (the ones its shared store did not). */
  handled = 0;

  constructor(backend: ConnBackend, post: (msg: ToWorker) => void) {
    this.#backend = backend;
    this.#post = post;
  }

  handle(msg: Extract<FromWorker, { type: 'rpc' }>): void {
    this.handled++;
    this.#run(msg).then(
      (value) => this.#post({ type: 'rpc-result', id: msg.id, ok: true, value }),
      (err) => this.#post({ type: 'rpc-result', id: msg.id, ok: false, error: serializeError(err) }),
    );
  }

  async #run(msg: Extract<FromWorker, { type: 'rpc' }>): Promise<unknown> {
    switch (msg.op) {
      case 'call':
        return this.#backend.call(msg.method, msg.args);
      case 'iter-open': {
        if (!isStreamMethod(msg.method)) throw new Error(`Not a stream method: ${String(msg.method)}`);
        const it = this.#backend.iterate(msg.method, msg.args)[Symbol.asyncIterator]();
        const cursor = ++this.#seq;
        this.#cursors.set(cursor, it);
        return { cursor };
      }
      case 'iter-next': {
        const it = this.#cursors.get(msg.cursor);
        if (!it) return { items: [], done: true };
        const items: unknown[] = [];
        while (items.length < PAGE_SIZE) {
          const r = await it.next();
          if (r.done) {
            this.#cursors.delete(msg.cursor);
            return { items, done: true };
          }
          items.push(r.value);
        }
        return { items, done: false };
      }
      case 'iter-close': {
        const it = this.#cursors.get(msg.cursor);
        this.#cursors.delete(msg.cursor);
        await it?.return?.();
        return null;
      }
    }
  }

  /** A runner went away: let open cursors release their store iterators. */
  closeAll(): void {
    for (const it of this.#cursors.values()) void it.return?.();
    this.#cursors.clear();
  }
}

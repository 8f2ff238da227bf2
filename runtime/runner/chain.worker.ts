import type { Hook } from './router.worker.js';

export interface ChainCallbacks {
  /** A function threw, rejected, or called `next(err)`. */
  onError(err: unknown, viaNext: boolean): void;
  /** The last function called `next()`. */
  onComplete?(): void;
}

/** Runs `(req, res, next)` functions in order; `next()` moves on, `next(err)` stops (MW-06). */
export function runChain(chain: Hook[], req: unknown, res: { next: (err?: unknown) => void; finished: boolean }, cb: ChainCallbacks): void {
  let i = 0;
  const next = (err?: unknown): void => {
    if (err !== undefined && err !== null) return cb.onError(err, true);
    const fn = chain[i++];
    if (!fn) return cb.onComplete?.();
    let called = false;
    const step = (e?: unknown) => {
      // A second next() from the same function must not skip the following one.
      if (called) return;
      called = true;
      next(e);
    };
    res.next = step;
    try {
      const out = fn(req, res, step) as { then?: unknown } | undefined;
      if (out && typeof out.then === 'function') (out as Promise<unknown>).then(undefined, (e) => cb.onError(e, false));
    } catch (e) {
      cb.onError(e, false);
    }
  };
  next();
}

/**
 * Calls a worker or job handler `fn(req, res)`; it is finished when it calls `res.end()` (bound or not) or its
 * promise settles (CONTRACT-17/18).
 */
export function callHandler(fn: Hook, req: unknown, extraRes: Record<string, unknown> = {}): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let done = false;
    const finish = (err?: unknown) => {
      if (done) return;
      done = true;
      if (err !== undefined) reject(err);
      else resolve();
    };
    const res = { ...extraRes, end: () => finish(), json: () => finish(), send: () => finish(), status: () => res, next: () => finish() };
    try {
      const out = fn(req, res, (e?: unknown) => finish(e ?? undefined)) as { then?: unknown } | undefined;
      if (out && typeof out.then === 'function') (out as Promise<unknown>).then(() => finish(), (e) => finish(e ?? new Error('handler rejected')));
    } catch (e) {
      finish(e);
    }
  });
}

/** `fn()` as a promise, a synchronous throw becoming its rejection (Promise.try, which Node 20 lacks). */
export function attempt<T>(fn: () => T | PromiseLike<T>): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (err) {
    return Promise.reject(err);
  }
}

/**
 * `fn()`'s own promise, with `after` called once it settles (or at once when `fn` throws): a lock or gate let go
 * without the extra promise steps of an async wrapper. Reactions run in order, so `after` runs before the
 * caller's `await` resumes.
 */
export function whenSettled<T>(fn: () => Promise<T>, after: () => void): Promise<T> {
  let p: Promise<T>;
  try {
    p = Promise.resolve(fn());
  } catch (err) {
    after();
    return Promise.reject(err);
  }
  p.then(after, after);
  return p;
}

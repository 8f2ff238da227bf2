/**
 * Runs in the coderunner thread. Makes the app's time follow the runtime's clock: `Date.now()`, `new Date()`
 * and `Date()` read the time the main thread publishes in a shared cell (a BigInt64Array `[value, mode]`:
 * mode 0, value = epoch ms of a frozen test clock; mode 1, value = ms added to the real time, the movable clock
 * of `localhooks dev`), so a test or `localhooks time advance` that moves the clock 25 hours moves the app's
 * `new Date()` with it. Everything else about
 * `Date` is the real one (`new Date(x)`, `Date.parse`, `Date.UTC`, `instanceof Date`, the prototype).
 * `performance.now()`, `setTimeout` and the app's other timers keep real time.
 *
 * @example
 *   installAppClock(workerData.appClock); // before the app's bundle is evaluated
 */
export function installAppClock(cell: SharedArrayBuffer): void {
  const time = new BigInt64Array(cell);
  const RealDate = Date;
  const RealNow = Date.now;
  // The mode is fixed for a clock's lifetime, so reading the two elements apart cannot tear. A one-element
  // cell is a fixed time.
  const offset = time.length > 1 && Atomics.load(time, 1) === 1n;
  const now = (): number => (offset ? RealNow() + Number(Atomics.load(time, 0)) : Number(Atomics.load(time, 0)));

  function AppDate(this: unknown, ...args: unknown[]): Date | string {
    // Called without `new`, Date() returns the current time as a string.
    if (!new.target) return new RealDate(now()).toString();
    return Reflect.construct(RealDate, args.length === 0 ? [now()] : args, new.target) as Date;
  }
  // One prototype for old and new instances: `instanceof Date` holds for dates made before and after.
  AppDate.prototype = RealDate.prototype;
  Object.setPrototypeOf(AppDate, RealDate); // Date.parse, Date.UTC
  Object.defineProperty(AppDate, 'now', { value: now, writable: true, configurable: true });
  Object.defineProperty(AppDate, 'name', { value: 'Date' });
  Object.defineProperty(AppDate, 'length', { value: 7 });
  Object.defineProperty(RealDate.prototype, 'constructor', { value: AppDate, writable: true, configurable: true });
  (globalThis as { Date: DateConstructor }).Date = AppDate as unknown as DateConstructor;
}

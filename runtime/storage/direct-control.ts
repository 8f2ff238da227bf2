import { idCells } from '../datastore/object-id.js';

/**
 * The cells through which the main thread and the coderunner threads share one LevelDB (issue 16): each runner
 * answers the app's own datastore calls itself instead of asking the main thread, and these cells keep the two
 * sides in step. Layout of `control` (Int32Array):
 *   [GATE]   > 0 while the main thread needs the runners' calls stopped (a snapshot, a collection's metadata
 *            changing); runners then send their calls to the main thread instead.
 *   [EPOCH]  bumped after every metadata change: a runner re-reads collection metadata when it differs.
 *   [WATCH]  > 0 while something in the main thread watches every write (the dashboard's live feed is open):
 *            runners then send their writes to the main thread, where observers see them.
 *   [LOADS]  bumped each time the queue broker reads the queues from the store (a restore replaced them): a
 *            runner's announcement of an item it enqueued before that is stale.
 *   [SLOTS + i]  calls in flight in runner slot i.
 * `stripes` (Int32Array): the key-lock table, each cell 0 (free) or the owner holding it.
 * `seq` (BigInt64Array of one): the queue items' sequence, shared by the broker and the runners that enqueue.
 */
const GATE = 0;
const EPOCH = 1;
const WATCH = 2;
const LOADS = 3;
const SLOTS = 4;
export const MAX_SLOTS = 64;
export const STRIPES = 4096;
/** The main thread's owner id in the lock table; runner slot i owns as `i + 2`. */
export const MAIN_OWNER = 1;

export interface DirectCells {
  control: SharedArrayBuffer;
  stripes: SharedArrayBuffer;
  seq: SharedArrayBuffer;
  /** The datastore's `_id` state (runtime/datastore/object-id.ts). */
  ids: SharedArrayBuffer;
}

export function createDirectCells(): DirectCells {
  return {
    control: new SharedArrayBuffer(4 * (SLOTS + MAX_SLOTS)),
    stripes: new SharedArrayBuffer(4 * STRIPES),
    seq: new SharedArrayBuffer(8),
    ids: idCells(),
  };
}

/** The next queue item sequence number. */
export function nextSeq(cells: DirectCells): number {
  return Number(Atomics.add(new BigInt64Array(cells.seq), 0, 1n) + 1n);
}

type WaitAsync = (cells: Int32Array, index: number, value: number, timeoutMs: number) => { value: Promise<string> | string };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

/** Resolves when `cells[index]` may no longer be `value` (or after `timeoutMs`), without blocking the thread. */
export function changed(cells: Int32Array, index: number, value: number, timeoutMs = 1000): Promise<unknown> {
  return Promise.resolve(waitAsync(cells, index, value, timeoutMs).value);
}

export const ownerOfSlot = (slot: number): number => slot + 2;

/** A runner's side: enter before a call, leave after; a closed gate sends the call the long way. */
export class DirectGate {
  readonly #cells: Int32Array;
  readonly #slot: number;

  constructor(cells: DirectCells, slot: number) {
    this.#cells = new Int32Array(cells.control);
    this.#slot = SLOTS + slot;
  }

  /** False when the main thread holds the gate: the caller must not touch the store now. */
  enter(): boolean {
    Atomics.add(this.#cells, this.#slot, 1);
    if (Atomics.load(this.#cells, GATE) === 0) return true;
    this.leave();
    return false;
  }

  leave(): void {
    if (Atomics.sub(this.#cells, this.#slot, 1) === 1) Atomics.notify(this.#cells, this.#slot);
  }

  /** Enters, waiting while the gate is held (a stream already open cannot change path). */
  async enterWhenOpen(): Promise<void> {
    while (!this.enter()) {
      const gate = Atomics.load(this.#cells, GATE);
      if (gate !== 0) await changed(this.#cells, GATE, gate);
    }
  }

  epoch(): number {
    return Atomics.load(this.#cells, EPOCH);
  }

  /** Which load of the queues an item enqueued now belongs to (see LOADS). */
  queueLoad(): number {
    return Atomics.load(this.#cells, LOADS);
  }

  /** Writes must be seen by the main thread's observers now. */
  watched(): boolean {
    return Atomics.load(this.#cells, WATCH) !== 0;
  }
}

/** The main thread's side: hands out slots, holds the gate, announces metadata changes. */
export class DirectControl {
  readonly cells: DirectCells;
  readonly #control: Int32Array;
  readonly #stripes: Int32Array;
  readonly #free: number[] = Array.from({ length: MAX_SLOTS }, (_, i) => i);

  constructor(cells: DirectCells = createDirectCells()) {
    this.cells = cells;
    this.#control = new Int32Array(cells.control);
    this.#stripes = new Int32Array(cells.stripes);
  }

  /** A slot for a new runner, or null when all are taken (that runner then asks the main thread). */
  takeSlot(): number | null {
    return this.#free.shift() ?? null;
  }

  /** The runner in `slot` is gone: whatever it held is let go, so nobody waits for a dead thread. */
  freeSlot(slot: number): void {
    Atomics.store(this.#control, SLOTS + slot, 0);
    Atomics.notify(this.#control, SLOTS + slot);
    const owner = ownerOfSlot(slot);
    for (let i = 0; i < STRIPES; i++) {
      if (Atomics.compareExchange(this.#stripes, i, owner, 0) === owner) Atomics.notify(this.#stripes, i);
    }
    if (!this.#free.includes(slot)) this.#free.push(slot);
  }

  /** Runs `fn` while no runner touches the store; runners' calls meanwhile go through the main thread. */
  async hold<T>(fn: () => Promise<T>): Promise<T> {
    Atomics.add(this.#control, GATE, 1);
    try {
      for (let i = 0; i < MAX_SLOTS; i++) {
        for (let n = Atomics.load(this.#control, SLOTS + i); n !== 0; n = Atomics.load(this.#control, SLOTS + i)) {
          await changed(this.#control, SLOTS + i, n);
        }
      }
      return await fn();
    } finally {
      this.bump();
      if (Atomics.sub(this.#control, GATE, 1) === 1) Atomics.notify(this.#control, GATE);
    }
  }

  /** The queue broker's sequence, shared with the runners that enqueue themselves. */
  sequence(): { next(): number; reloaded(maxSeq: number): void } {
    const seq = new BigInt64Array(this.cells.seq);
    return {
      next: () => nextSeq(this.cells),
      reloaded: (maxSeq) => {
        for (let cur = Atomics.load(seq, 0); cur < BigInt(maxSeq); cur = Atomics.load(seq, 0)) {
          if (Atomics.compareExchange(seq, 0, cur, BigInt(maxSeq)) === cur) break;
        }
        Atomics.add(this.#control, LOADS, 1);
      },
    };
  }

  /** True when an item a runner announced was written in the queues' current load (not wiped by a restore since). */
  currentLoad(load: number): boolean {
    return Atomics.load(this.#control, LOADS) === load;
  }

  /** While watched, runners' writes go through the main thread (its observers see every one). */
  watch(on: boolean): void {
    Atomics.add(this.#control, WATCH, on ? 1 : -1);
  }

  /** Collection metadata changed: runners re-read it before their next call. */
  bump(): void {
    Atomics.add(this.#control, EPOCH, 1);
  }
}

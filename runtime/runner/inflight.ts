/**
 * Work in flight keyed by increasing ids (requests, calls), held in fixed slots (`id` modulo the slot count)
 * instead of a Map. A Map that keeps adding and deleting entries moves to a new hash table every few dozen
 * operations, and each old table keeps a link to its successor (for iterators); once one of them was promoted to
 * the old generation, the dead one keeps the next, and the requests it holds, alive through every young
 * collection, until a full one. On GET /dev/hello that promoted ~2 MB per young collection (the whole graph of the
 * requests in flight) and made each one take 3–10 ms instead of under 1 ms.
 *
 * An entry that outlives `slots` newer ids (a long stream, a call on a slow store) moves to a Map of its own
 * when its slot is needed; the table doubles when many do (high concurrency). Ids must be unique and non-zero.
 */
export class InflightTable<T> {
  #keys: Float64Array;
  #values: (T | undefined)[];
  #mask: number;
  #overflow: Map<number, T> | null = null;
  #size = 0;

  constructor(slots = 256) {
    this.#keys = new Float64Array(slots);
    this.#values = new Array<T | undefined>(slots).fill(undefined);
    this.#mask = slots - 1;
  }

  get size(): number {
    return this.#size;
  }

  set(id: number, value: T): void {
    const i = id & this.#mask;
    const held = this.#values[i];
    if (held !== undefined && this.#keys[i] === id) return void (this.#values[i] = value);
    if (held !== undefined) {
      const overflow = (this.#overflow ??= new Map());
      overflow.set(this.#keys[i]!, held);
      // Many long-lived entries at once: more slots, so that new ones stop landing on them.
      if (overflow.size > (this.#mask + 1) / 8 && this.#mask < MAX_SLOTS - 1) {
        this.#values[i] = undefined;
        this.#keys[i] = 0;
        this.#grow();
        return this.set(id, value);
      }
    }
    this.#keys[i] = id;
    this.#values[i] = value;
    this.#size++;
  }

  get(id: number): T | undefined {
    const i = id & this.#mask;
    if (this.#keys[i] === id) return this.#values[i];
    return this.#overflow?.get(id);
  }

  /** Removes the entry and returns it (undefined when there is none). */
  take(id: number): T | undefined {
    const i = id & this.#mask;
    if (this.#keys[i] === id) {
      const v = this.#values[i];
      if (v === undefined) return undefined;
      this.#values[i] = undefined;
      this.#keys[i] = 0;
      this.#size--;
      return v;
    }
    const v = this.#overflow?.get(id);
    if (v === undefined) return undefined;
    this.#overflow!.delete(id);
    this.#size--;
    return v;
  }

  delete(id: number): boolean {
    return this.take(id) !== undefined;
  }

  /** Every entry, oldest id first. */
  entries(): [number, T][] {
    const out: [number, T][] = this.#overflow ? [...this.#overflow] : [];
    for (let i = 0; i <= this.#mask; i++) if (this.#values[i] !== undefined) out.push([this.#keys[i]!, this.#values[i]!]);
    return out.sort((a, b) => a[0] - b[0]);
  }

  clear(): void {
    this.#keys.fill(0);
    this.#values.fill(undefined);
    this.#overflow = null;
    this.#size = 0;
  }

  #grow(): void {
    const live = this.entries();
    const slots = (this.#mask + 1) * 2;
    this.#keys = new Float64Array(slots);
    this.#values = new Array<T | undefined>(slots).fill(undefined);
    this.#mask = slots - 1;
    this.#overflow = null;
    this.#size = 0;
    for (const [id, v] of live) this.set(id, v);
  }
}

/** Past this many slots (a thousand times the usual concurrency) long-lived entries stay in the Map. */
const MAX_SLOTS = 1 << 16;

/**
 * Bytes of answered inbox entries, outside the JavaScript heap: one fixed-size slot per ring position
 * (`id % capacity`), so the garbage collector never copies or scans them. An entry whose bytes do not fit a slot
 * keeps them as strings instead. Allocated on first use: an idle server does not pay for it.
 */
export class EntryArena {
  /** Most requests (headers, a small JSON body and answer) fit; larger ones stay on the heap. */
  static readonly SLOT_BYTES = 2048;
  readonly #capacity: number;
  #bytes: Buffer | null = null;
  /** The id whose bytes each slot holds (0: none). */
  #owner: Float64Array | null = null;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /**
   * The slot's offset for entry `id`, or -1 when `size` bytes do not fit or a newer entry holds the slot (an
   * old request answered late, already out of the ring).
   */
  claim(id: number, size: number): number {
    if (this.#capacity === 0 || size > EntryArena.SLOT_BYTES) return -1;
    this.#bytes ??= Buffer.allocUnsafeSlow(this.#capacity * EntryArena.SLOT_BYTES);
    this.#owner ??= new Float64Array(this.#capacity);
    const slot = id % this.#capacity;
    if (this.#owner[slot]! > id) return -1;
    this.#owner[slot] = id;
    return slot * EntryArena.SLOT_BYTES;
  }

  /** The arena's bytes; valid for entry `id` while `holds(id)`. */
  get bytes(): Buffer {
    return this.#bytes!;
  }

  holds(id: number): boolean {
    return this.#owner !== null && this.#owner[id % this.#capacity] === id;
  }
}

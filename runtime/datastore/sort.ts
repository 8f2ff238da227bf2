import { sortCompare } from './compare.js';
import { getPath } from './field-path.js';
import type { SortSpec } from './find-options.js';

type Keyed = { doc: Record<string, unknown>; keys: unknown[] };

/** Up to this many kept documents, each is placed as it comes; past it, all are kept and sorted once. */
const PLACE_LIMIT = 1000;

/**
 * The first `keep` documents in sort order, fed one at a time. A sort with a limit (`sort: {createdAt: -1},
 * limit: 10`) holds only those few while it scans, so the rest are garbage at once instead of held for a sort
 * of all of them. Stable: documents come in `_id` order and an equal one goes after those already kept.
 */
export class SortedTop {
  readonly #spec: SortSpec;
  readonly #keep: number;
  readonly #place: boolean;
  readonly #kept: Keyed[] = [];

  constructor(spec: SortSpec, keep: number) {
    this.#spec = spec;
    this.#keep = keep;
    this.#place = keep <= PLACE_LIMIT;
  }

  add(doc: Record<string, unknown>): void {
    if (this.#keep <= 0) return;
    const spec = this.#spec;
    const keys = new Array<unknown>(spec.length);
    for (let i = 0; i < spec.length; i++) keys[i] = getPath(doc, spec[i]![0]);
    const kept = this.#kept;
    if (!this.#place) {
      kept.push({ doc, keys });
      return;
    }
    const n = kept.length;
    // Full, and not before the last kept one: it would be dropped again at once.
    if (n === this.#keep && this.#compare(keys, kept[n - 1]!.keys) >= 0) return;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#compare(keys, kept[mid]!.keys) < 0) hi = mid;
      else lo = mid + 1;
    }
    kept.splice(lo, 0, { doc, keys });
    if (kept.length > this.#keep) kept.pop();
  }

  /** The kept documents, in order. */
  docs(): Record<string, unknown>[] {
    const kept = this.#kept;
    if (!this.#place) {
      // Array.prototype.sort is stable.
      kept.sort((a, b) => this.#compare(a.keys, b.keys));
      if (kept.length > this.#keep) kept.length = this.#keep;
    }
    return kept.map((k) => k.doc);
  }

  #compare(a: unknown[], b: unknown[]): number {
    const spec = this.#spec;
    for (let i = 0; i < spec.length; i++) {
      const c = sortCompare(a[i], b[i]);
      if (c !== 0) return c * spec[i]![1];
    }
    return 0;
  }
}

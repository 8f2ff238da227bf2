/** The charts cover this many seconds (ten minutes), one bucket a second. */
export const WINDOW_SECONDS = 600;
/** Latency histogram bins, each twice as wide as the one before: bin i holds [2^(i-1), 2^i) ms; 0 is < 1 ms. */
const BINS = 20;

interface Bucket {
  second: number;
  count: number;
  errors: number;
  totalMs: number;
  bins: Uint32Array;
}

export interface RequestSeries {
  /** Unix seconds, one per bucket with traffic or a sample. */
  t: number[];
  rate: number[];
  avgMs: number[];
  p95Ms: number[];
  errors: number[];
}

/**
 * Request rate and latency per second over the last ten minutes, for the overview's charts. Recording is a few
 * additions into a fixed ring, cheap enough for every app request.
 */
export class RequestMetrics {
  #ring: Bucket[] = Array.from({ length: WINDOW_SECONDS }, () => ({ second: -1, count: 0, errors: 0, totalMs: 0, bins: new Uint32Array(BINS) }));
  #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  record(status: number, ms: number): void {
    const second = Math.floor(this.#now() / 1000);
    const b = this.#ring[second % WINDOW_SECONDS]!;
    if (b.second !== second) {
      b.second = second;
      b.count = b.errors = b.totalMs = 0;
      b.bins.fill(0);
    }
    b.count++;
    if (status >= 500) b.errors++;
    b.totalMs += ms;
    b.bins[ms < 1 ? 0 : Math.min(BINS - 1, 1 + Math.floor(Math.log2(ms)))]!++;
  }

  /** One point a second from `WINDOW_SECONDS` ago to now; seconds without requests count zero. */
  series(): RequestSeries {
    const now = Math.floor(this.#now() / 1000);
    const out: RequestSeries = { t: [], rate: [], avgMs: [], p95Ms: [], errors: [] };
    for (let s = now - WINDOW_SECONDS + 1; s <= now; s++) {
      const b = this.#ring[s % WINDOW_SECONDS]!;
      const live = b.second === s;
      out.t.push(s);
      out.rate.push(live ? b.count : 0);
      out.errors.push(live ? b.errors : 0);
      out.avgMs.push(live && b.count ? round(b.totalMs / b.count) : 0);
      out.p95Ms.push(live && b.count ? percentile(b.bins, b.count, 0.95) : 0);
    }
    return out;
  }

  /** The latest second's numbers, for the live feed. */
  current(): { t: number; rate: number; avgMs: number; p95Ms: number; errors: number } {
    const s = Math.floor(this.#now() / 1000) - 1;
    const b = this.#ring[s % WINDOW_SECONDS]!;
    const live = b.second === s && b.count > 0;
    return { t: s, rate: live ? b.count : 0, avgMs: live ? round(b.totalMs / b.count) : 0, p95Ms: live ? percentile(b.bins, b.count, 0.95) : 0, errors: live ? b.errors : 0 };
  }
}

/** The upper edge of the bin holding the q-th request: an estimate within a factor of two, enough for a chart. */
function percentile(bins: Uint32Array, count: number, q: number): number {
  const rank = Math.ceil(count * q);
  let seen = 0;
  for (let i = 0; i < bins.length; i++) {
    seen += bins[i]!;
    if (seen >= rank) return i === 0 ? 1 : 2 ** i;
  }
  return 2 ** (bins.length - 1);
}

const round = (n: number) => Math.round(n * 10) / 10;

export interface DepthSeries {
  t: number[];
  waiting: number[];
  leased: number[];
  dead: number[];
}

/** Queue depth sampled every few seconds over the same window. */
export class DepthSampler {
  #t: number[] = [];
  #waiting: number[] = [];
  #leased: number[] = [];
  #dead: number[] = [];
  readonly #max: number;

  constructor(everyMs: number) {
    this.#max = Math.ceil((WINDOW_SECONDS * 1000) / everyMs);
  }

  add(t: number, counts: { waiting: number; leased: number; dead: number }): void {
    this.#t.push(t);
    this.#waiting.push(counts.waiting);
    this.#leased.push(counts.leased);
    this.#dead.push(counts.dead);
    if (this.#t.length > this.#max) for (const a of [this.#t, this.#waiting, this.#leased, this.#dead]) a.shift();
  }

  series(): DepthSeries {
    return { t: [...this.#t], waiting: [...this.#waiting], leased: [...this.#leased], dead: [...this.#dead] };
  }
}

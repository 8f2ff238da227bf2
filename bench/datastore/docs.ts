/** Distinct `group` values: 100k documents / 1000 groups ≈ 100 documents per indexed equality query. */
export const GROUPS = 1000;

export interface BenchDoc {
  name: string;
  email: string;
  group: string;
  bucket: string;
  n: number;
  active: boolean;
  tags: string[];
  address: { city: string; zip: string };
}

/** A small, realistic document (~250 bytes of JSON), the same for localhooks and the raw baseline. */
export function makeDoc(i: number): BenchDoc {
  return {
    name: `user${i}`,
    email: `user${i}@example.com`,
    group: `g${i % GROUPS}`,
    bucket: `b${(i * 7) % GROUPS}`,
    n: i,
    active: i % 3 === 0,
    tags: ['alpha', i % 2 ? 'odd' : 'even'],
    address: { city: ['Oslo', 'Bergen', 'Trondheim'][i % 3]!, zip: String(1000 + (i % 9000)) },
  };
}

/** Ids for the raw baseline, shaped like localhooks' (24 hex, increasing). */
export function idFor(i: number): string {
  return i.toString(16).padStart(24, '0');
}

import { sortCompare } from './compare.js';
import { getPath } from './field-path.js';
import type { SortSpec } from './find-options.js';

/** Multi-key sort; stable, so equal keys keep `_id` (insertion) order. */
export function sortDocs(docs: Record<string, unknown>[], spec: SortSpec): Record<string, unknown>[] {
  const keyed = docs.map((doc) => ({ doc, keys: spec.map(([path]) => getPath(doc, path)) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < spec.length; i++) {
      const c = sortCompare(a.keys[i], b.keys[i]);
      if (c !== 0) return c * spec[i]![1];
    }
    return 0;
  });
  return keyed.map((k) => k.doc);
}

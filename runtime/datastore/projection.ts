import { getPath, setPath, unsetPath } from './field-path.js';
import type { Projection } from './find-options.js';

/** Applies a projection to a freshly parsed document (it may be modified in place). */
export function project(doc: Record<string, unknown>, p: Projection): Record<string, unknown> {
  if (p.mode === 'exclude') {
    for (const path of p.paths) unsetPath(doc, path);
    if (!p.withId) delete doc._id;
    return doc;
  }
  const out: Record<string, unknown> = {};
  if (p.withId && doc._id !== undefined) out._id = doc._id;
  for (const path of p.paths) {
    const v = getPath(doc, path);
    if (v !== undefined) setPath(out, path, v);
  }
  return out;
}

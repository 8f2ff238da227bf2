/** Dot paths (`'a.b'`, `'items.0'`) into documents, with Mongo's rules for arrays (QL-02). */

const segmentCache = new Map<string, string[]>();
/** Bounds the cache: paths come from app queries, so an app building paths dynamically must not grow it forever. */
const SEGMENT_CACHE_LIMIT = 10_000;

export function splitPath(path: string): string[] {
  let segs = segmentCache.get(path);
  if (!segs) {
    segs = path.split('.');
    if (segmentCache.size >= SEGMENT_CACHE_LIMIT) segmentCache.clear();
    segmentCache.set(path, segs);
  }
  return segs;
}

function isIndex(seg: string): boolean {
  return seg.length > 0 && seg.length < 10 && /^\d+$/.test(seg);
}

/**
 * Every value the path reaches. Arrays on the way are traversed element-wise (`'contacts.name'` reaches each
 * contact's name) and a numeric segment also indexes the array. Missing fields contribute nothing, so an
 * empty result means "does not exist".
 */
export function resolvePath(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  collect(doc, splitPath(path), 0, out);
  return out;
}

function collect(value: unknown, segs: string[], i: number, out: unknown[]): void {
  if (i === segs.length) {
    if (value !== undefined) out.push(value);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const seg = segs[i]!;
  if (Array.isArray(value)) {
    if (isIndex(seg)) collect(value[Number(seg)], segs, i + 1, out);
    for (const el of value) {
      if (el !== null && typeof el === 'object' && !Array.isArray(el)) collect(el, segs, i, out);
    }
    return;
  }
  if (Object.prototype.hasOwnProperty.call(value, seg)) collect((value as Record<string, unknown>)[seg], segs, i + 1, out);
}

/** The single value at a path without array fan-out (for sorting and projection); undefined when missing. */
export function getPath(doc: unknown, path: string): unknown {
  let cur = doc;
  for (const seg of splitPath(path)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (Array.isArray(cur) && !isIndex(seg)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(cur, seg)) return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

export class PathConflictError extends Error {}

/** Sets a value, creating missing objects on the way; numeric segments index existing arrays. */
export function setPath(doc: Record<string, unknown>, path: string, value: unknown): void {
  const segs = splitPath(path);
  let cur: Record<string, unknown> | unknown[] = doc;
  for (let i = 0; i < segs.length - 1; i++) {
    const seg = segs[i]!;
    let next = childOf(cur, seg, path);
    if (next === undefined || next === null) {
      next = {};
      assign(cur, seg, next, path);
    } else if (typeof next !== 'object') {
      throw new PathConflictError(`cannot create field "${segs[i + 1]}" inside the non-object value at "${segs.slice(0, i + 1).join('.')}"`);
    }
    cur = next as Record<string, unknown> | unknown[];
  }
  assign(cur, segs[segs.length - 1]!, value, path);
}

/** Removes the field at a path; returns the removed value (undefined when there was none). */
export function unsetPath(doc: Record<string, unknown>, path: string): unknown {
  const segs = splitPath(path);
  let cur: unknown = doc;
  for (let i = 0; i < segs.length - 1; i++) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[segs[i]!];
  }
  if (cur === null || typeof cur !== 'object') return undefined;
  const last = segs[segs.length - 1]!;
  if (Array.isArray(cur)) {
    // Mongo leaves a null hole rather than shifting the array.
    if (!isIndex(last) || Number(last) >= cur.length) return undefined;
    const old = cur[Number(last)];
    cur[Number(last)] = null;
    return old;
  }
  if (!Object.prototype.hasOwnProperty.call(cur, last)) return undefined;
  const old = (cur as Record<string, unknown>)[last];
  delete (cur as Record<string, unknown>)[last];
  return old;
}

function childOf(cur: Record<string, unknown> | unknown[], seg: string, path: string): unknown {
  if (Array.isArray(cur)) {
    if (!isIndex(seg)) throw new PathConflictError(`cannot use the field name "${seg}" on an array in "${path}"`);
    return cur[Number(seg)];
  }
  return Object.prototype.hasOwnProperty.call(cur, seg) ? cur[seg] : undefined;
}

function assign(cur: Record<string, unknown> | unknown[], seg: string, value: unknown, path: string): void {
  if (Array.isArray(cur)) {
    if (!isIndex(seg)) throw new PathConflictError(`cannot use the field name "${seg}" on an array in "${path}"`);
    const idx = Number(seg);
    while (cur.length < idx) cur.push(null);
    cur[idx] = value;
    return;
  }
  if (seg === '__proto__') throw new PathConflictError(`the field name "__proto__" is not allowed in "${path}"`);
  cur[seg] = value;
}

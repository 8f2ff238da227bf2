import { html } from './html.js';

export type Change = { path: string; kind: 'added' | 'removed' | 'changed' | 'appended'; before?: unknown; after?: unknown };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Field-level changes between two states; objects are compared field by field, arrays and values whole. */
export function diffStates(before: unknown, after: unknown, path = ''): Change[] {
  if (isObj(before) && isObj(after)) {
    const out: Change[] = [];
    for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const p = path ? `${path}.${k}` : k;
      if (!(k in after)) out.push({ path: p, kind: 'removed', before: before[k] });
      else if (!(k in before)) out.push({ path: p, kind: 'added', after: after[k] });
      else out.push(...diffStates(before[k], after[k], p));
    }
    return out;
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  // A list the step added to (the summarizer's `steps`): show what was added, not both whole lists.
  if (Array.isArray(before) && Array.isArray(after) && after.length > before.length && JSON.stringify(after.slice(0, before.length)) === JSON.stringify(before)) {
    return [{ path: path || '(state)', kind: 'appended', after: after.slice(before.length) }];
  }
  return [{ path: path || '(state)', kind: 'changed', before, after }];
}

const short = (v: unknown) => {
  const s = JSON.stringify(v);
  return s === undefined ? 'undefined' : s.length > 240 ? `${s.slice(0, 240)}…` : s;
};

export function StateDiff({ before, after }: { before: unknown; after: unknown }) {
  const changes = diffStates(before ?? {}, after ?? {});
  if (changes.length === 0) return html`<p class="muted small">No change to the state.</p>`;
  return html`<ul class="diff" aria-label="State changes">
    ${changes.map(
      (c) => html`<li class=${`d-${c.kind}`}>
        <span class="d-mark" aria-hidden="true">${c.kind === 'added' || c.kind === 'appended' ? '+' : c.kind === 'removed' ? '−' : '~'}</span>
        <code class="d-path">${c.path}</code>
        ${c.kind === 'changed'
          ? html`<span class="d-vals"><del>${short(c.before)}</del> → <ins>${short(c.after)}</ins></span>`
          : c.kind === 'appended'
            ? html`<span class="d-vals">appended <ins>${(c.after as unknown[]).map(short).join(', ')}</ins></span>`
            : html`<span class="d-vals">${c.kind === 'added' ? html`<ins>${short(c.after)}</ins>` : html`<del>${short(c.before)}</del>`}</span>`}
      </li>`,
    )}
  </ul>`;
}

/** Line diff of two texts (longest common subsequence), for comparing two answers. */
export function lineDiff(a: string, b: string): { kind: 'same' | 'del' | 'add'; text: string }[] {
  const x = a.split('\n');
  const y = b.split('\n');
  if (x.length * y.length > 4_000_000) return [...x.map((text) => ({ kind: 'del' as const, text })), ...y.map((text) => ({ kind: 'add' as const, text }))];
  const m = x.length;
  const n = y.length;
  const L = Array.from({ length: m + 1 }, () => new Uint32Array(n + 1));
  for (let i = m - 1; i >= 0; i--) for (let j = n - 1; j >= 0; j--) L[i]![j] = x[i] === y[j] ? L[i + 1]![j + 1]! + 1 : Math.max(L[i + 1]![j]!, L[i]![j + 1]!);
  const out: { kind: 'same' | 'del' | 'add'; text: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < m && j < n) {
    if (x[i] === y[j]) {
      out.push({ kind: 'same', text: x[i]! });
      i++;
      j++;
    } else if (L[i + 1]![j]! >= L[i]![j + 1]!) out.push({ kind: 'del', text: x[i++]! });
    else out.push({ kind: 'add', text: y[j++]! });
  }
  while (i < m) out.push({ kind: 'del', text: x[i++]! });
  while (j < n) out.push({ kind: 'add', text: y[j++]! });
  return out;
}

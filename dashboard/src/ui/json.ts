import type { VNode } from 'preact';
import { html } from './html.js';

/** Indented JSON with coloured tokens, built from text nodes only (stored text never becomes markup). */
export function JsonView({ value, class: cls }: { value: unknown; class?: string }) {
  return html`<pre class=${`json ${cls ?? ''}`}>${render(value, 0)}</pre>`;
}

function render(v: unknown, depth: number): (VNode | string)[] {
  const pad = '  '.repeat(depth + 1);
  const end = '  '.repeat(depth);
  if (v === null) return [html`<span class="j-null">null</span>`];
  if (typeof v === 'string') return [html`<span class="j-str">${JSON.stringify(v)}</span>`];
  if (typeof v === 'number') return [html`<span class="j-num">${String(v)}</span>`];
  if (typeof v === 'boolean') return [html`<span class="j-bool">${String(v)}</span>`];
  if (Array.isArray(v)) {
    if (v.length === 0) return ['[]'];
    const out: (VNode | string)[] = ['[\n'];
    v.forEach((x, i) => out.push(pad, ...render(x, depth + 1), i < v.length - 1 ? ',\n' : '\n'));
    out.push(end, ']');
    return out;
  }
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) return ['{}'];
    const out: (VNode | string)[] = ['{\n'];
    entries.forEach(([k, x], i) => out.push(pad, html`<span class="j-key">${JSON.stringify(k)}</span>`, ': ', ...render(x, depth + 1), i < entries.length - 1 ? ',\n' : '\n'));
    out.push(end, '}');
    return out;
  }
  return [String(v)];
}

/** Parses text as JSON, or null when it is not. */
export function tryJson(text: string | null | undefined): { ok: true; value: unknown } | { ok: false } {
  if (text === null || text === undefined || text.trim() === '') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

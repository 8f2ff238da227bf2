import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import { html } from './html.js';

export interface Async<T> {
  data: T | null;
  error: Error | null;
  loading: boolean;
  reload(): void;
}

/** Loads once on mount and again when `deps` change or `reload()` is called; keeps showing old data while loading. */
export function useAsync<T>(fn: () => Promise<T>, deps: unknown[] = []): Async<T> {
  const [state, setState] = useState<{ data: T | null; error: Error | null; loading: boolean }>({ data: null, error: null, loading: true });
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    fn().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: Error) => live && setState((s) => ({ data: s.data, error, loading: false })),
    );
    return () => void (live = false);
  }, [...deps, n]);
  const reload = useCallback(() => setN((x) => x + 1), []);
  return { ...state, reload };
}

export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  const e = error as Error;
  const code = e instanceof ApiError ? e.code : null;
  return html`<div class="error-box" role="alert">${code ? html`<code>${code}</code> ` : null}${e.message}</div>`;
}

export function Empty({ children }: { children: ComponentChildren }) {
  return html`<div class="empty">${children}</div>`;
}

export function Badge({ kind, children }: { kind?: string; children: ComponentChildren }) {
  return html`<span class=${`badge ${kind ?? ''}`}>${children}</span>`;
}

export function statusKind(status: number | null | undefined): string {
  if (status === null || status === undefined) return 'muted';
  if (status >= 500) return 'bad';
  if (status >= 400) return 'warn';
  if (status >= 300) return 'info';
  return 'ok';
}

export function StateBadge({ state }: { state: string }) {
  const kind = { done: 'ok', running: 'info', waiting: 'warn', failed: 'bad', cancelled: 'muted', left: 'muted', ok: 'ok', error: 'bad', starting: 'info', dead: 'bad' }[state] ?? '';
  return html`<${Badge} kind=${kind}>${state}<//>`;
}

export function fmtTime(v: string | number | null | undefined): string {
  if (v === null || v === undefined || v === '') return '–';
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return String(v);
  return d.toLocaleTimeString(undefined, { hour12: false }) + '.' + String(d.getMilliseconds()).padStart(3, '0');
}

export function fmtDateTime(v: string | number | null | undefined): string {
  if (v === null || v === undefined || v === '') return '–';
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return String(v);
  return `${d.toISOString().slice(0, 10)} ${d.toLocaleTimeString(undefined, { hour12: false })}`;
}

export function fmtMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  if (ms < 1000) return `${Math.round(ms * 10) / 10} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [done, setDone] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setDone(true);
      setTimeout(() => setDone(false), 1200);
    } catch {
      // clipboard refused (insecure context): the text stays selectable
    }
  };
  return html`<button type="button" class="btn small" onClick=${copy}>${done ? 'Copied' : label}</button>`;
}

export function Section({ title, actions, children }: { title: ComponentChildren; actions?: ComponentChildren; children: ComponentChildren }) {
  return html`<section class="card">
    <header class="card-head"><h2>${title}</h2>${actions ? html`<div class="actions">${actions}</div>` : null}</header>
    <div class="card-body">${children}</div>
  </section>`;
}

export function PageHead({ title, sub, actions }: { title: string; sub?: ComponentChildren; actions?: ComponentChildren }) {
  return html`<div class="page-head">
    <div><h1>${title}</h1>${sub ? html`<p class="sub">${sub}</p>` : null}</div>
    ${actions ? html`<div class="actions">${actions}</div>` : null}
  </div>`;
}

/** A button that runs an async action, shows it is busy, and reports the error under it. */
export function ActionButton({ onClick, children, kind, disabled, label }: { onClick: () => Promise<unknown>; children: ComponentChildren; kind?: string; disabled?: boolean; label?: string }) {
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<unknown>(null);
  const run = async () => {
    setBusy(true);
    setErr(null);
    try {
      await onClick();
    } catch (e) {
      setErr(e);
    } finally {
      setBusy(false);
    }
  };
  return html`<span class="action">
    <button type="button" class=${`btn ${kind ?? ''}`} disabled=${busy || disabled} aria-label=${label} onClick=${run}>${busy ? '…' : children}</button>
    ${err ? html`<${ErrorBox} error=${err} />` : null}
  </span>`;
}

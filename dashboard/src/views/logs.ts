import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { useLive } from '../live.js';
import { ErrorBox, PageHead, useAsync } from '../ui/common.js';
import { html } from '../ui/html.js';

interface LogEntry {
  seq: number;
  time: number;
  level: 'debug' | 'info' | 'warn' | 'error';
  text: string;
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
/** Lines the view holds; the server keeps the last 1,000 too. */
const KEEP = 2000;

export function LogsView() {
  const first = useAsync(() => api<{ entries: LogEntry[] }>('logs?tail=1000'));
  const [lines, setLines] = useState<LogEntry[]>([]);
  const [min, setMin] = useState<(typeof LEVELS)[number]>('debug');
  const [text, setText] = useState('');
  const [paused, setPaused] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (first.data) setLines((old) => mergeLines(first.data!.entries, old));
  }, [first.data]);
  useLive('log', (e: LogEntry) => {
    if (!paused) setLines((old) => mergeLines(old, [e]));
  });
  const shown = useMemo(() => {
    const lo = LEVELS.indexOf(min);
    const f = text.toLowerCase();
    return lines.filter((l) => LEVELS.indexOf(l.level) >= lo && (!f || l.text.toLowerCase().includes(f)));
  }, [lines, min, text]);
  useEffect(() => {
    if (!paused && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [shown.length, paused]);
  return html`
    <${PageHead} title="Logs" sub="The server's log and the app's console, live." actions=${html`
      <label><span class="sr-only">Lowest level</span><select aria-label="Lowest level" value=${min} onChange=${(e: Event) => setMin((e.target as HTMLSelectElement).value as (typeof LEVELS)[number])}>${LEVELS.map((l) => html`<option value=${l}>${l} and up</option>`)}</select></label>
      <input type="search" aria-label="Filter text" placeholder="filter" value=${text} onInput=${(e: Event) => setText((e.target as HTMLInputElement).value)} />
      <button class="btn" type="button" aria-pressed=${paused} onClick=${() => setPaused(!paused)}>${paused ? 'Resume' : 'Pause'}</button>
      <button class="btn" type="button" onClick=${() => setLines([])}>Clear view</button>`} />
    <${ErrorBox} error=${first.error} />
    <div class="card"><div class="logbox" ref=${box} role="log" aria-live="polite" aria-label="Log lines">
      ${shown.map((l) => html`<div class=${`logline l-${l.level}`} data-level=${l.level}><span class="lt">${new Date(l.time).toLocaleTimeString(undefined, { hour12: false })}</span><span class="ll">${l.level}</span><span class="lx">${l.text}</span></div>`)}
      ${shown.length === 0 ? html`<div class="empty">No log lines${text ? ' match' : ''}.</div>` : null}
    </div></div>
  `;
}

function mergeLines(a: LogEntry[], b: LogEntry[]): LogEntry[] {
  const seen = new Set(a.map((l) => l.seq));
  const out = [...a, ...b.filter((l) => !seen.has(l.seq))].sort((x, y) => x.seq - y.seq);
  return out.length > KEEP ? out.slice(-KEEP) : out;
}

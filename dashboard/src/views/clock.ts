import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { ActionButton, Badge, Empty, ErrorBox, fmtDateTime, PageHead, Section, useAsync } from '../ui/common.js';
import { html } from '../ui/html.js';

interface Status {
  now: string;
  real: string;
  offsetMs: number | null;
  mode: string;
  movable: boolean;
  due: { at: string; kind: string; what: string }[];
}

interface Travel {
  from: string;
  to: string;
  ran: { at: string; kind: string; what: string; outcome: string; error?: string }[];
  omitted: number;
}

const fmtOffset = (ms: number) => {
  const sign = ms < 0 ? '−' : '+';
  const a = Math.abs(ms);
  const h = Math.floor(a / 3_600_000);
  const m = Math.floor((a % 3_600_000) / 60_000);
  const s = Math.round((a % 60_000) / 1000);
  return `${sign}${h ? `${h} h ` : ''}${m ? `${m} min ` : ''}${s} s`;
};

export function ClockView() {
  const st = useAsync(() => api<Status>('clock?limit=50'));
  const [by, setBy] = useState('1h');
  const [to, setTo] = useState('');
  const [travel, setTravel] = useState<Travel | null>(null);
  const [tick, setTick] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setTick(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const s = st.data;
  const offset = s?.offsetMs ?? 0;
  const move = async (path: string, body?: unknown) => {
    setTravel(await api<Travel>(path, { method: 'POST', body: body ?? {} }));
    st.reload();
  };
  return html`
    <${PageHead} title="Clock" sub="The server's clock: TTLs, cron, runAt, retries and the app's own Date follow it. Move it forward to see what happens later." />
    <${ErrorBox} error=${st.error} />
    ${s
      ? html`<div class="grid two">
          <${Section} title="Now">
            <div class="stat-row">
              <div class="stat"><b data-clock-now>${s.mode === 'manual' ? fmtDateTime(s.now) : fmtDateTime(tick + offset)}</b><span>server time</span></div>
              <div class="stat"><b>${s.offsetMs === null ? 'frozen' : s.offsetMs === 0 ? 'real time' : fmtOffset(s.offsetMs)}</b><span>${s.mode}</span></div>
            </div>
            ${s.movable
              ? html`<div class="form-row" style=${{ marginTop: '12px' }}>
                  <label class="field">Advance by<input type="text" name="advance" value=${by} onInput=${(e: Event) => setBy((e.target as HTMLInputElement).value)} size="8" placeholder="25h" /></label>
                  <${ActionButton} kind="primary" onClick=${() => move('clock/advance', { by })}>Advance<//>
                  <label class="field">Set to<input type="text" value=${to} onInput=${(e: Event) => setTo((e.target as HTMLInputElement).value)} placeholder="2030-01-01T09:00:00Z" /></label>
                  <${ActionButton} onClick=${() => move('clock/set', { to })} disabled=${!to}>Set<//>
                  <${ActionButton} onClick=${() => move('clock/reset')} disabled=${s.offsetMs === 0}>Back to real time<//>
                </div>`
              : html`<p class="muted small">This server's clock cannot be moved from here.</p>`}
          <//>
          <${Section} title="Due next">
            ${s.due.length === 0 ? html`<${Empty}>Nothing is scheduled.<//>` : html`<table class="tbl"><tbody>${s.due.map((d) => html`<tr><td class="nowrap">${fmtDateTime(d.at)}</td><td><${Badge}>${d.kind}<//></td><td class="mono small">${d.what}</td></tr>`)}</tbody></table>`}
          <//>
        </div>`
      : null}
    ${travel
      ? html`<${Section} title=${`Moved ${fmtDateTime(travel.from)} → ${fmtDateTime(travel.to)}`}>
          ${travel.ran.length === 0 ? html`<p class="muted">Nothing ran in between.</p>` : html`<table class="tbl" data-ran><tbody>${travel.ran.map((r) => html`<tr><td class="nowrap">${fmtDateTime(r.at)}</td><td><${Badge}>${r.kind}<//></td><td class="mono small">${r.what}</td><td>${r.outcome}${r.error ? html` <span class="muted small">${r.error}</span>` : null}</td></tr>`)}</tbody></table>`}
          ${travel.omitted ? html`<p class="muted small">and ${travel.omitted} more</p>` : null}
        <//>`
      : null}
  `;
}

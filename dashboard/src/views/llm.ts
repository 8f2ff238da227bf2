import { useMemo, useState } from 'preact/hooks';
import { api } from '../api.js';
import { throttle, useLive } from '../live.js';
import { ActionButton, Badge, Empty, ErrorBox, fmtDateTime, fmtMs, PageHead, Section, statusKind, useAsync } from '../ui/common.js';
import { html } from '../ui/html.js';
import { JsonView } from '../ui/json.js';

interface Call {
  seq: number;
  route: string;
  model: string | null;
  request: unknown;
  prompt: string;
  status: number;
  answer: string | null;
  response: unknown;
  latencyMs: number | null;
  fault: { kind: string; status: number; source: string } | null;
  scripted: boolean;
  at: string;
  tokens: { prompt: number | null; completion: number | null };
}

interface LlmState {
  mode: string;
  faults: { spec: string; description: string; latencyMs: number; tokensPerSec: number };
  stats: { total: number; byRoute: Record<string, number>; errors: number; faultsInjected: number };
}

export function LlmView() {
  const state = useAsync(() => api<LlmState>('llm'));
  const calls = useAsync(() => api<{ calls: Call[]; kept: number }>('llm/calls'));
  const [open, setOpen] = useState<number | null>(null);
  const [spec, setSpec] = useState<string | null>(null);
  const refresh = useMemo(
    () =>
      throttle(() => {
        calls.reload();
        state.reload();
        // The counter moves when a call arrives; its answer follows a moment later.
        setTimeout(calls.reload, 1500);
      }, 500),
    [],
  );
  useLive('llm', refresh);
  const s = state.data;
  const faultSpec = spec ?? s?.faults.spec ?? '';
  const apply = async () => {
    await api('llm/faults', { method: 'PUT', body: { spec: faultSpec } });
    setSpec(null);
    state.reload();
  };
  const clear = async () => {
    await api('llm/faults', { method: 'DELETE' });
    setSpec(null);
    state.reload();
  };
  const list = calls.data?.calls ?? [];
  const sel = list.find((c) => c.seq === open);
  return html`
    <${PageHead} title="LLM" sub="The app's calls to the OpenAI- and Anthropic-compatible endpoint (offline answers, forwarded or replayed), and the faults injected into them." />
    <${ErrorBox} error=${state.error ?? calls.error} />
    ${s
      ? html`<div class="grid two">
          <${Section} title="Mode">
            <div class="stat-row">
              <div class="stat"><b data-llm-mode>${s.mode}</b><span>mode</span></div>
              <div class="stat"><b>${s.stats.total}</b><span>calls</span></div>
              <div class="stat"><b>${s.stats.errors}</b><span>errors</span></div>
              <div class="stat"><b>${s.stats.faultsInjected}</b><span>faults injected</span></div>
            </div>
            <p class="muted small">The mode is chosen at start (<code>--llm offline|live|record|replay</code>, <code>--llm-url</code>).</p>
          <//>
          <${Section} title="Fault injection">
            <p class="small" data-faults>${!s.faults.spec ? 'No faults: every call is answered.' : `Injected: ${s.faults.description}.`}</p>
            <div class="form-row">
              <label class="field grow"><span>Faults, as <code>--llm-faults</code> takes them</span>
                <input type="text" name="faults" value=${faultSpec} placeholder="429:first2, 500:0.1, latency:200ms" onInput=${(e: Event) => setSpec((e.target as HTMLInputElement).value)} />
              </label>
              <${ActionButton} kind="primary" onClick=${apply}>Apply<//>
              <${ActionButton} onClick=${clear}>Clear<//>
            </div>
          <//>
        </div>`
      : null}
    <${Section} title=${`Calls (${list.length}${calls.data ? ` of the last ${calls.data.kept} kept` : ''})`}>
      ${list.length === 0 ? html`<${Empty}>No model calls yet.${calls.data?.kept === 0 ? ' This server keeps none (llmJournal: 0).' : ''}<//>` : null}
      ${list.length
        ? html`<div class="tbl-wrap"><table class="tbl">
            <thead><tr><th>#</th><th>Time</th><th>Call</th><th>Model</th><th>Status</th><th>Latency</th><th>Tokens in/out</th><th>Prompt</th></tr></thead>
            <tbody>${list.map(
              (c) => html`<tr class=${c.seq === open ? 'sel' : ''} data-llm-call=${c.seq}>
                <td><button type="button" class="btn small" aria-expanded=${c.seq === open} onClick=${() => setOpen(c.seq === open ? null : c.seq)}>${c.seq}</button></td>
                <td class="nowrap">${fmtDateTime(c.at)}</td>
                <td class="mono nowrap">${c.route}</td>
                <td class="mono">${c.model ?? '–'}</td>
                <td><${Badge} kind=${statusKind(c.status || null)}>${c.status || '…'}<//>${c.fault ? html` <${Badge} kind="warn">fault ${c.fault.kind} ${c.fault.status}<//>` : null}${c.scripted ? html` <${Badge}>scripted<//>` : null}</td>
                <td>${fmtMs(c.latencyMs)}</td>
                <td>${c.tokens.prompt ?? '–'} / ${c.tokens.completion ?? '–'}</td>
                <td class="small">${c.prompt.length > 120 ? `${c.prompt.slice(0, 120)}…` : c.prompt}</td>
              </tr>`,
            )}</tbody></table></div>`
        : null}
    <//>
    ${sel
      ? html`<${Section} title=${`Call #${sel.seq}`}>
          <div class="body-views">
            <div><h3>Prompt</h3><pre class="raw wrap">${sel.prompt}</pre></div>
            <div><h3>Answer</h3><pre class="raw wrap">${sel.answer ?? '(none)'}</pre></div>
            <div><h3>Request</h3><${JsonView} value=${sel.request} /></div>
            <div><h3>Response</h3><${JsonView} value=${sel.response} /></div>
          </div>
        <//>`
      : null}
  `;
}

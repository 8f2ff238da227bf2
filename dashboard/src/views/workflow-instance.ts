import { useMemo, useState } from 'preact/hooks';
import { api } from '../api.js';
import { throttle, useLive } from '../live.js';
import { href } from '../router.js';
import { ActionButton, CopyButton, Empty, ErrorBox, fmtDateTime, fmtMs, PageHead, Section, StateBadge, useAsync } from '../ui/common.js';
import { StateDiff } from '../ui/diff.js';
import { html } from '../ui/html.js';
import { JsonView } from '../ui/json.js';

interface Step {
  step: string;
  startedAt: string | null;
  finishedAt: string | null;
  ms: number | null;
  attempts: number;
  outcome: string;
  next: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  error: unknown;
}

interface Timeline {
  instanceId: string;
  workflowName: string;
  nextStep: string | null;
  lastError: unknown;
  workflowSteps: string[];
  state: Record<string, unknown>;
  steps: Step[];
  notes: { at: number; kind: string; step: string }[];
  traced: boolean;
  resumeUrl: string | null;
}

const errText = (e: unknown) => (e && typeof e === 'object' && 'message' in e ? String((e as { message: unknown }).message) : JSON.stringify(e));

export function InstanceView({ id }: { id: string }) {
  const t = useAsync(() => api<Timeline>(`workflows/instances/${encodeURIComponent(id)}/timeline`), [id]);
  const [rerunStep, setRerunStep] = useState<string | null>(null);
  const refresh = useMemo(() => throttle(() => t.reload(), 300), []);
  useLive('workflow', (w: { _id: string }) => w._id === id && refresh());
  const d = t.data;
  if (!d) return html`<${PageHead} title="Workflow instance" /><${ErrorBox} error=${t.error} />${t.loading ? html`<${Empty}>Loading…<//>` : null}`;
  const ran = new Set(d.steps.map((s) => s.step));
  const notRun = d.workflowSteps.filter((s) => !ran.has(s));
  const state = d.nextStep === null ? (d.lastError ? 'failed' : 'done') : d.lastError ? 'failed' : d.resumeUrl ? 'waiting' : 'running';
  return html`
    <${PageHead}
      title=${`${d.workflowName} · instance`}
      sub=${html`<span class="mono">${d.instanceId}</span> · <a href=${href('workflows')}>all instances</a>`}
      actions=${html`<span data-instance-state=${state}><${StateBadge} state=${state} /></span>${d.nextStep ? html`<span class="muted small">at <code>${d.nextStep}</code></span>` : null}`}
    />
    ${d.lastError ? html`<div class="error-box" role="alert">Last error: ${errText(d.lastError)}</div>` : null}
    ${d.resumeUrl ? html`<${ResumeBox} url=${d.resumeUrl} step=${d.nextStep ?? ''} />` : null}
    ${rerunStep !== null ? html`<${RerunForm} timeline=${d} step=${rerunStep} onDone=${() => { setRerunStep(null); t.reload(); }} onCancel=${() => setRerunStep(null)} />` : null}
    <${Section} title="Timeline" actions=${html`<button class="btn small" type="button" onClick=${() => setRerunStep(d.workflowSteps[0] ?? '')}>Rerun from a step…</button>`}>
      ${d.traced ? null : html`<p class="muted small">This instance ran before the server started: its steps come from <code>stepCount</code>, without the state diffs.</p>`}
      <ol class="timeline" aria-label="Steps">
        ${d.steps.map(
          (s, i) => html`<li class=${`o-${s.outcome}`} data-step=${s.step} data-outcome=${s.outcome}>
            <div class="step-card">
              <div class="step-head">
                <span class="name">${s.step}</span>
                <${StateBadge} state=${s.outcome} />
                <span class="times">${fmtDateTime(s.startedAt)} · ${fmtMs(s.ms)}${s.attempts > 1 ? ` · ${s.attempts - 1} ${s.attempts === 2 ? 'retry' : 'retries'}` : ''}${s.next ? ` · → ${s.next}` : s.outcome === 'done' && i === d.steps.length - 1 && d.nextStep === null ? ' · workflow finished' : ''}</span>
                <span style=${{ marginLeft: 'auto' }}><button class="btn small" type="button" onClick=${() => setRerunStep(s.step)} aria-label=${`Rerun from ${s.step}…`}>Rerun from here…</button></span>
              </div>
              ${s.error ? html`<div class="error-box">${errText(s.error)}</div>` : null}
              ${s.before ? html`<details open=${i === d.steps.length - 1}><summary>State change</summary><${StateDiff} before=${s.before} after=${s.after ?? s.before} /></details>` : null}
              ${s.before ? html`<details><summary>State the step received</summary><${JsonView} value=${s.before} /></details>` : null}
            </div>
          </li>`,
        )}
        ${notRun.map((s) => html`<li class="o-skipped" data-step=${s} data-outcome="skipped"><div class="step-card"><div class="step-head"><span class="name">${s}</span><span class="badge">not run on this path</span></div></div></li>`)}
      </ol>
      ${d.notes.length ? html`<h3>Controls used</h3><ul class="plain small">${d.notes.map((n) => html`<li>${fmtDateTime(n.at)}: ${n.kind} at <code>${n.step}</code></li>`)}</ul>` : null}
    <//>
    <${Section} title="Current state"><${JsonView} value=${d.state} /><//>
  `;
}

function ResumeBox({ url, step }: { url: string; step: string }) {
  const curl = `curl -X POST ${url} -H 'content-type: application/json' -d '{"approved": true}'`;
  return html`<${Section} title="Resume by URL">
    <p class="small">Waiting in <code>${step}</code>. A POST of a JSON object to this URL merges it into the state and runs <code>${step}</code> again (<code>updateState(id, state, {continue: true})</code>).</p>
    <div class="url-box"><code data-resume-url>${url}</code><${CopyButton} text=${url} /></div>
    <div class="url-box" style=${{ marginTop: '6px' }}><code>${curl}</code><${CopyButton} text=${curl} label="Copy curl" /></div>
  <//>`;
}

function RerunForm({ timeline, step, onDone, onCancel }: { timeline: Timeline; step: string; onDone: () => void; onCancel: () => void }) {
  const [chosen, setChosen] = useState(step);
  const initial = (s: string) => JSON.stringify([...timeline.steps].reverse().find((x) => x.step === s)?.before ?? timeline.state, null, 2);
  const [text, setText] = useState(initial(step));
  const [err, setErr] = useState<string | null>(null);
  const pick = (s: string) => {
    setChosen(s);
    setText(initial(s));
  };
  const run = async () => {
    let state: unknown;
    try {
      state = JSON.parse(text);
      setErr(null);
    } catch (e) {
      setErr(`The state is not JSON: ${(e as Error).message}`);
      return;
    }
    await api(`workflows/instances/${encodeURIComponent(timeline.instanceId)}/rerun`, { method: 'POST', body: { step: chosen, state } });
    onDone();
  };
  return html`<${Section} title="Rerun from a step">
    <p class="small">The instance runs on from the chosen step with this state: its record keeps its id; <code>nextStep</code> becomes the step, <code>lastError</code> is removed, the step's visit count restarts (docs/dashboard.md).</p>
    <div class="form-row"><label class="field">Step<select name="rerun-step" value=${chosen} onChange=${(e: Event) => pick((e.target as HTMLSelectElement).value)}>${timeline.workflowSteps.map((s) => html`<option>${s}</option>`)}</select></label></div>
    <label class="field">State the step receives (JSON)<textarea rows="10" name="rerun-state" value=${text} onInput=${(e: Event) => setText((e.target as HTMLTextAreaElement).value)}></textarea></label>
    ${err ? html`<div class="error-box">${err}</div>` : null}
    <div class="actions" style=${{ marginTop: '8px' }}><${ActionButton} kind="primary" onClick=${run}>Rerun from ${chosen}<//><button class="btn" type="button" onClick=${onCancel}>Cancel</button></div>
  <//>`;
}

import type { FunctionComponent } from 'preact';
import { useEffect } from 'preact/hooks';
import { useLiveStatus } from './live.js';
import { href, useRoute, type Route } from './router.js';
import { useTheme, type ThemeChoice } from './theme.js';
import { html } from './ui/html.js';
import { ApiDocsView } from './views/api-docs.js';
import { ClockView } from './views/clock.js';
import { DataView } from './views/data.js';
import { FilesView } from './views/files.js';
import { LogsView } from './views/logs.js';
import { QueuesView } from './views/queues.js';
import { EnvView } from './views/env.js';
import { JobsView } from './views/jobs.js';
import { LlmView } from './views/llm.js';
import { OverviewView } from './views/overview.js';
import { RequestsView } from './views/requests.js';
import { WorkflowsView } from './views/workflows.js';

interface ViewDef {
  id: string;
  label: string;
  component: FunctionComponent<{ route: Route }>;
}

/** The views in the order the navigation lists them. */
export const VIEWS: ViewDef[] = [
  { id: 'overview', label: 'Overview', component: OverviewView },
  { id: 'requests', label: 'Requests', component: RequestsView },
  { id: 'workflows', label: 'Workflows', component: WorkflowsView },
  { id: 'data', label: 'Data', component: DataView },
  { id: 'queues', label: 'Queues', component: QueuesView },
  { id: 'jobs', label: 'Jobs', component: JobsView },
  { id: 'llm', label: 'LLM', component: LlmView },
  { id: 'files', label: 'Files', component: FilesView },
  { id: 'logs', label: 'Logs', component: LogsView },
  { id: 'clock', label: 'Clock', component: ClockView },
  { id: 'env', label: 'Environment', component: EnvView },
  { id: 'api-docs', label: 'API docs', component: ApiDocsView },
];

export function App() {
  const route = useRoute();
  const live = useLiveStatus();
  const [theme, setTheme] = useTheme();
  const view = VIEWS.find((v) => v.id === route.view) ?? VIEWS[0]!;
  useEffect(() => {
    document.title = `${view.label} · localhooks`;
    // On a narrow window the navigation is a scrolling bar: keep the current view's link in sight.
    document.querySelector('nav.side a[aria-current="page"]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [view.id]);
  const View = view.component;
  return html`<div class="app">
    <a class="skip" href="#main">Skip to content</a>
    <nav class="side" aria-label="Views">
      <div class="brand"><span class="logo" aria-hidden="true">⚓</span> localhooks</div>
      <ul>
        ${VIEWS.map((v) => html`<li><a href=${href(v.id)} aria-current=${v.id === view.id ? 'page' : undefined}>${v.label}</a></li>`)}
      </ul>
      <div class="side-foot">
        <span class=${`live-dot ${live}`} role="status" title=${`Live updates: ${live}`}>${live}</span>
        <label class="theme-pick">
          <span class="sr-only">Theme</span>
          <select value=${theme} onChange=${(e: Event) => setTheme((e.target as HTMLSelectElement).value as ThemeChoice)}>
            <option value="system">System theme</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
      </div>
    </nav>
    <main id="main" tabindex="-1" data-view=${view.id}>
      <${View} key=${view.id} route=${route} />
    </main>
  </div>`;
}

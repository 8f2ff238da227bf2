import type { SdkInfo } from '../compiler/index.js';
import { groupWorkflows } from '../dev/banner.js';
import type { ManifestSummary } from '../runner/protocol.js';
import { VERSION } from '../version.js';

export interface BuildState {
  status: 'ok' | 'error' | 'starting';
  generation: number;
  /** When the version now serving was deployed (epoch ms), or the last failed build. */
  at: number | null;
  /** The compiler's or loader's message, with esbuild's code frame. */
  error: string | null;
}

export interface OverviewSources {
  url(): string;
  space: string;
  entry(): string | null;
  dataDir: string;
  manifest(): ManifestSummary | null;
  sdk(): SdkInfo | null;
  build(): BuildState;
}

/** What the overview shows about the app: its manifest as the banner lists it, build state and links. */
export function overview(s: OverviewSources) {
  const m = s.manifest();
  const sdk = s.sdk();
  const workers = m ? Object.keys(m.workers) : [];
  const routes = m?.routes ?? [];
  const has = (r: string) => routes.includes(r);
  // `app.openapi()` registers GET <specPath> and GET <uiPath> (default /openapi.json and /docs).
  const apiDocs = has('GET /openapi.json') ? routes.filter((r) => r === 'GET /docs' || r === 'GET /openapi.json').map((r) => `/${s.space}${r.slice(4)}`) : [];
  return {
    version: VERSION,
    url: s.url(),
    space: s.space,
    entry: s.entry(),
    dataDir: s.dataDir,
    sdk: sdk ? { version: sdk.version, source: sdk.source } : null,
    build: s.build(),
    manifest: m
      ? {
          routes,
          auth: m.auth,
          workers: workers.filter((t) => !t.startsWith('workflowqueue_')).map((t) => ({ topic: t, ...m.workers[t] })),
          jobs: m.jobs,
          workflows: [...groupWorkflows(workers)].map(([name, steps]) => ({ name, steps })),
          realtime: m.realtime,
          hasStartup: m.hasStartup,
        }
      : null,
    apiDocs,
  };
}

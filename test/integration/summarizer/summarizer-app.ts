// Helpers for driving the seed's summarizer app (test/fixtures/summarizer, extracted unchanged from the blog post).
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ADMIN_API } from '../../../runtime/admin/prefix.js';
import type { WorkflowReport, WorkflowStatusReport } from '../../../runtime/workflow/index.js';
import { FIXTURES, REPO_ROOT, waitFor, type TestApp } from '../../helpers/app-server.js';

export const STEPS = ['start', 'checkCache', 'callOpenAI', 'cacheAndStore', 'store', 'finish'] as const;
export const FULL_PATH = STEPS.join(' → ');
export const CACHED_PATH = 'start → checkCache → finish';

/** The blog post's first curl example. */
export const ARTICLE =
  'Artificial intelligence is transforming software development. Modern AI tools help developers write code faster, debug more efficiently, and build smarter applications. From code completion to automated testing, AI is becoming an essential part of the developer toolkit.';

/** The blog post's simulated GitHub issue webhook. */
export const ISSUE_EVENT = {
  action: 'opened',
  issue: {
    number: 123,
    title: 'Application crashes on startup',
    body: 'When I run the application, it immediately crashes with error code 500. This happens on both macOS and Linux.',
  },
  repository: { full_name: 'myorg/myrepo' },
};

export async function fixtureSecret(): Promise<string> {
  const env = await readFile(join(FIXTURES, 'summarizer', '.env'), 'utf8');
  const m = /^GITHUB_WEBHOOK_SECRET=(.+)$/m.exec(env);
  if (!m) throw new Error('test/fixtures/summarizer/.env has no GITHUB_WEBHOOK_SECRET');
  return m[1]!.trim();
}

/** GitHub's `x-hub-signature-256`: HMAC-SHA256 of the exact body bytes. */
export function sign(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function origin(app: TestApp): string {
  return new URL(app.base).origin;
}

export async function workflowReport(app: TestApp): Promise<WorkflowReport | undefined> {
  const res = await fetch(`${origin(app)}${ADMIN_API}/workflows/status`);
  const report = (await res.json()) as WorkflowStatusReport;
  return report.workflows.find((w) => w.workflowName === 'summarize');
}

/** Polls the admin API until `completed` instances have `nextStep: null` and none is still running. */
export async function waitCompleted(app: TestApp, completed: number, timeout = 10_000): Promise<WorkflowReport> {
  const report = await waitFor(
    async () => {
      const r = await workflowReport(app);
      return r && r.completed === completed && r.active === 0 ? r : undefined;
    },
    { timeout, interval: 25, what: `${completed} completed summarize instances` },
  );
  return report!;
}

/**
 * The path one instance took, from the app's own `finish` step: it logs `WorkflowId: <id>` and then
 * `Steps executed: a → b → …` (one step body, so the two records are adjacent).
 */
export function loggedPath(app: TestApp, instanceId: string): string | undefined {
  const records = app.logs.records;
  const at = records.findIndex((r) => r.text === `WorkflowId: ${instanceId}`);
  const next = at >= 0 ? records[at + 1]?.text : undefined;
  return next?.startsWith('Steps executed: ') ? next.slice('Steps executed: '.length) : undefined;
}

export async function waitPath(app: TestApp, instanceId: string, timeout = 10_000): Promise<string> {
  return (await waitFor(() => loggedPath(app, instanceId), { timeout, what: `finish log of ${instanceId}` }))!;
}

/** Every sentence of an extractive summary occurs verbatim in the source text. */
export function sentencesOf(text: string): string[] {
  return text.match(/[^.!?]+[.!?]+/g)?.map((s) => s.trim()) ?? [];
}

export function runCli(args: string[], timeoutMs = 15_000): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'localhooks.js'), ...args], {
      env: { ...process.env, PORT: '' },
      timeout: timeoutMs,
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

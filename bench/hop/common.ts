import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REPO = new URL('../../../', import.meta.url).pathname;

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

/** A temp copy of a test fixture app (hello-app, summarizer). */
export async function fixtureCopy(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `lh-bench-hop-${name}-`));
  await cp(join(REPO, 'test', 'fixtures', name), dir, { recursive: true });
  return dir;
}

/** A temp app folder holding one `index.js`. */
export async function appWith(source: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lh-bench-hop-app-'));
  await writeFile(join(dir, 'index.js'), source);
  return dir;
}

/** One summarizer document, the same for localhooks and the raw baseline. */
export function summaryDoc(i: number): Record<string, unknown> {
  return {
    text: `Text number ${i}: ${'lorem ipsum dolor sit amet '.repeat(8)}`,
    summary: `Summary ${i}: lorem ipsum.`,
    cached: false,
    source: 'api',
    repository: null,
    createdAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
  };
}

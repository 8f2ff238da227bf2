import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { REPO_ROOT } from '../../helpers/app-server.js';

function sources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Value imports only: `import type` and `export type` cannot form a cycle at run time. */
function localImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"](\.[^'"]+)['"]/gm)) {
    out.push(resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')));
  }
  return out;
}

test('imports: sdk/ never imports runtime/', () => {
  for (const f of sources(join(REPO_ROOT, 'sdk'))) {
    for (const dep of localImports(f)) assert.ok(!dep.startsWith(join(REPO_ROOT, 'runtime')), `${relative(REPO_ROOT, f)} imports ${relative(REPO_ROOT, dep)}`);
  }
});

test('imports: no circular imports in runtime/ and sdk/', () => {
  const files = [...sources(join(REPO_ROOT, 'runtime')), ...sources(join(REPO_ROOT, 'sdk'))];
  const graph = new Map(files.map((f) => [f, localImports(f).filter((d) => existsSync(d))]));
  const state = new Map<string, 'visiting' | 'done'>();
  const cycles: string[] = [];
  const visit = (f: string, path: string[]) => {
    if (state.get(f) === 'done') return;
    if (state.get(f) === 'visiting') {
      cycles.push([...path.slice(path.indexOf(f)), f].map((p) => relative(REPO_ROOT, p)).join(' → '));
      return;
    }
    state.set(f, 'visiting');
    for (const d of graph.get(f) ?? []) visit(d, [...path, f]);
    state.set(f, 'done');
  };
  for (const f of files) visit(f, []);
  assert.deepEqual(cycles, []);
});

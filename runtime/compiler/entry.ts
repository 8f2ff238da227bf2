import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LocalhooksError } from '../errors.js';

export const ENTRY_CANDIDATES = ['index.ts', 'index.js', 'index.mjs', 'index.cjs'];

/** package.json `main` decides when it names a file that exists; else the first `index.*` found. */
export function findEntry(appDir: string): string {
  const pkgPath = join(appDir, 'package.json');
  if (existsSync(pkgPath)) {
    try {
      const main = (JSON.parse(readFileSync(pkgPath, 'utf8')) as { main?: unknown }).main;
      if (typeof main === 'string' && main.trim()) {
        const candidate = resolve(appDir, main);
        for (const p of [candidate, `${candidate}.ts`, `${candidate}.js`]) if (existsSync(p)) return p;
      }
    } catch {
      // A broken package.json is esbuild's to report if it matters; entry lookup falls back to index.*.
    }
  }
  for (const name of ENTRY_CANDIDATES) {
    const p = join(appDir, name);
    if (existsSync(p)) return p;
  }
  throw new LocalhooksError(
    'LH_NO_ENTRY',
    `No app entry file in ${appDir}: expected ${ENTRY_CANDIDATES.join(', ')} or a package.json "main" that exists`,
    { status: 500 },
  );
}

import { readdir, readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';

/** Folders that hold no source of the app's own. */
const SKIP_DIRS = new Set(['node_modules', '.localhooks', '.git', 'dist', 'build', 'coverage', 'test', 'tests', '__tests__']);
const SOURCE = /\.(m|c)?(j|t)sx?$/;
/** Source files scanned at most: an app folder that holds more is not an app folder. */
const MAX_FILES = 2_000;

/** The app's own source files (not its tests or dependencies), by path. */
export async function appSources(appDir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  async function walk(dir: string): Promise<void> {
    for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (out.size >= MAX_FILES) return;
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) await walk(p);
      } else if (SOURCE.test(e.name) && !/\.(test|spec)\.[mc]?[jt]sx?$/.test(e.name) && !e.name.endsWith('.d.ts')) {
        out.set(relative(appDir, p), await readFile(p, 'utf8'));
      }
    }
  }
  await walk(appDir);
  return out;
}

/** Comments removed, so `// process.env.OLD` or an import in a comment is not taken for code. */
const stripComments = (src: string) => src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');

/** `process.env.NAME` and `process.env['NAME']` the sources read, with the first file that reads each. */
export function envReads(sources: Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [file, src] of sources) {
    for (const m of stripComments(src).matchAll(/process\.env(?:\.([A-Za-z_$][\w$]*)|\[\s*['"]([^'"]+)['"]\s*\])/g)) {
      const name = m[1] ?? m[2]!;
      if (!out.has(name)) out.set(name, file);
    }
  }
  return out;
}

const BUILTINS = new Set(builtinModules);

/** The package a bare specifier names (`lodash/get` → lodash, `@scope/pkg/x` → @scope/pkg); null for files and builtins. */
export function packageOf(spec: string): string | null {
  if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:') || spec.startsWith('#') || /^[a-z]+:/i.test(spec)) return null;
  const parts = spec.split('/');
  const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  return BUILTINS.has(name) ? null : name;
}

/** Packages the sources import (static, dynamic, `require`, re-exports), with the first file that imports each. */
export function importedPackages(sources: Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  const patterns = [/\b(?:import|export)\s+(?:type\s+)?(?:[\w*${}\s,]+\s+from\s+)?['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const [file, src] of sources) {
    const code = stripComments(src);
    for (const re of patterns) {
      for (const m of code.matchAll(re)) {
        if (/^\s*import\s+type\b/.test(m[0])) continue;
        const pkg = packageOf(m[1]!);
        if (pkg && !out.has(pkg)) out.set(pkg, file);
      }
    }
  }
  return out;
}

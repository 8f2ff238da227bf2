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

export interface EnvRead {
  /** The first file that reads it. */
  file: string;
  /** Some read tests it or gives a fallback first: the app runs without it (a feature stays off). */
  optional: boolean;
}

const ENV_READ = /process\.env(?:\.([A-Za-z_$][\w$]*)|\[\s*['"]([^'"]+)['"]\s*\])/g;
/** Right after a read: a fallback (`??`, `||`), a ternary, or `&&` that runs something only when it is set. */
const TESTED_AFTER = /^\s*(?:\?\?|\|\||&&|\?(?![.?]))/;
/** `if (process.env.X)` or `if (process.env.X && …)`, not `if (!process.env.X)`. */
const IF_BEFORE = /\bif\s*\(\s*$/;
const IF_AFTER = /^\s*(?:\)|&&|\|\|)/;
const ASSIGNED = /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*$/;

/**
 * `process.env.NAME` and `process.env['NAME']` the sources read, with the first file that reads each and whether
 * the app can do without it: a read it tests or gives a fallback, directly or through the variable it is held in
 * (`const secret = process.env.X; if (secret && …)`). A negated test (`if (!secret) return 500`) is a required one.
 */
export function envReads(sources: Map<string, string>): Map<string, EnvRead> {
  const out = new Map<string, EnvRead>();
  for (const [file, src] of sources) {
    const code = stripComments(src);
    for (const m of code.matchAll(ENV_READ)) {
      const name = m[1] ?? m[2]!;
      const before = code.slice(Math.max(0, m.index - 80), m.index);
      const after = code.slice(m.index + m[0].length, m.index + m[0].length + 80);
      let optional = TESTED_AFTER.test(after) || (IF_BEFORE.test(before) && IF_AFTER.test(after));
      const held = ASSIGNED.exec(before)?.[1];
      if (!optional && held && /^\s*(?:;|\n)/.test(after)) optional = testsVariable(code.slice(m.index), held);
      const seen = out.get(name);
      if (!seen) out.set(name, { file, optional });
      else if (optional) seen.optional = true;
    }
  }
  return out;
}

function testsVariable(rest: string, name: string): boolean {
  const n = name.replace(/\$/g, '\\$');
  return new RegExp(`\\bif\\s*\\(\\s*${n}\\s*(?:\\)|&&|\\|\\|)|(?<![\\w$!])${n}\\s*(?:\\?\\?|\\|\\||&&|\\?(?![.?]))`).test(rest);
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

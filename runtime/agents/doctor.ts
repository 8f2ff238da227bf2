import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AppCompiler } from '../compiler/index.js';
import { loadDotenv } from '../env/dotenv.js';
import { findLiveLock, lockedError } from '../storage/index.js';
import { appSources, envReads, importedPackages } from './app-scan.js';

export interface DoctorCheck {
  name: string;
  ok: boolean;
  /** What was found. */
  detail: string;
  /** What to do about it (failed checks only). */
  fix?: string;
}

export interface DoctorOptions {
  appDir: string;
  dataDir?: string;
  port: number;
  /** The shell's environment (process.env): a variable set there counts as set. */
  env: NodeJS.ProcessEnv;
  nodeVersion?: string;
}

/** Node majors localhooks supports (package.json `engines`: ^20, ^22, >=24). */
export function nodeSupported(version: string): boolean {
  const major = Number(version.replace(/^v/, '').split('.')[0]);
  return major === 20 || major === 22 || major >= 24;
}

/**
 * Variables localhooks itself gives the app when they are unset (the offline LLM: llm-config.ts `appEnv`), and
 * the ones Node or a shell always has: an app that reads them lacks nothing.
 */
const PROVIDED = new Set(['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'ANTHROPIC_API_KEY', 'ANTHROPIC_BASE_URL', 'NODE_ENV', 'TZ', 'HOME', 'PATH', 'PWD']);

interface PackageJson {
  main?: unknown;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const s = createServer();
    s.once('error', () => done(false));
    s.listen({ port, host: '127.0.0.1', exclusive: true }, () => s.close(() => done(true)));
  });
}

/** Every check `localhooks doctor` makes, in order; none throws (a check that cannot run fails with the reason). */
export async function runDoctor(o: DoctorOptions): Promise<DoctorCheck[]> {
  const appDir = resolve(o.appDir);
  const dataDir = resolve(o.dataDir ?? join(appDir, '.localhooks', 'data'));
  const checks: DoctorCheck[] = [];
  const node = o.nodeVersion ?? process.versions.node;
  checks.push(nodeSupported(node) ? { name: 'Node.js', ok: true, detail: `Node ${node}` } : { name: 'Node.js', ok: false, detail: `Node ${node} is not supported`, fix: 'install Node 20, 22 or 24 or later (nvm install 22)' });

  let pkg: PackageJson | null = null;
  const pkgPath = join(appDir, 'package.json');
  if (existsSync(pkgPath)) {
    try {
      pkg = JSON.parse(await readFile(pkgPath, 'utf8')) as PackageJson;
      checks.push({ name: 'package.json', ok: true, detail: 'reads as JSON' });
    } catch (err) {
      checks.push({ name: 'package.json', ok: false, detail: `package.json is not JSON: ${(err as Error).message}`, fix: 'fix the syntax error in package.json' });
    }
  } else {
    checks.push({ name: 'package.json', ok: false, detail: `no package.json in ${appDir}`, fix: 'npm init -y && npm install codehooks-js (the platform installs what package.json declares)' });
  }
  if (pkg && pkg.main !== undefined) {
    const main = String(pkg.main);
    const found = [main, `${main}.js`, `${main}.ts`].some((m) => existsSync(resolve(appDir, m)));
    checks.push(
      found
        ? { name: 'package.json main', ok: true, detail: `"main": "${main}" exists` }
        : { name: 'package.json main', ok: false, detail: `"main": "${main}" names a file that does not exist`, fix: `create ${main}, or point "main" at the app's entry file (index.js or index.ts)` },
    );
  }

  const buildDir = await mkdtemp(join(tmpdir(), 'lh-doctor-'));
  let compiler: AppCompiler | null = null;
  try {
    compiler = new AppCompiler(appDir, buildDir);
    const r = await compiler.build();
    if (r.ok) {
      checks.push({ name: 'build', ok: true, detail: `${compiler.entry.slice(appDir.length + 1)} builds (${Math.round(r.ms)} ms)` });
      checks.push(
        r.sdk
          ? { name: 'codehooks-js', ok: true, detail: `codehooks-js ${r.sdk.version}, ${r.sdk.source === 'app' ? "the app's own (node_modules)" : "localhooks' copy (the app has none installed)"}` }
          : { name: 'codehooks-js', ok: true, detail: 'the app does not import codehooks-js' },
      );
    } else {
      checks.push({ name: 'build', ok: false, detail: r.message, fix: 'fix the error above (file and line are named); localhooks dev reloads on save' });
    }
  } catch (err) {
    checks.push({ name: 'build', ok: false, detail: (err as Error).message, fix: 'add index.js or index.ts, or a package.json "main" that exists' });
  } finally {
    await compiler?.dispose();
    await rm(buildDir, { recursive: true, force: true });
  }

  const sources = await appSources(appDir);
  const dotenv = await loadDotenv(join(appDir, '.env')).catch(() => ({}) as Record<string, string>);
  const unset = [...envReads(sources)].filter(([name]) => !(name in dotenv) && o.env[name] === undefined && !PROVIDED.has(name));
  const required = unset.filter(([, r]) => !r.optional);
  const optional = unset.filter(([, r]) => r.optional);
  const named = (list: typeof unset) => list.map(([n, r]) => `${n} (${r.file})`).join(', ');
  // An app that tests a variable before using it runs without it: named, not failed (the summarizer's webhook secret).
  const optionalNote = optional.length ? `; optional and unset (the app tests them first): ${named(optional)}` : '';
  checks.push(
    required.length === 0
      ? { name: 'environment', ok: true, detail: `every process.env variable the app needs is set (.env or the shell)${optionalNote}` }
      : {
          name: 'environment',
          ok: false,
          detail: `the app reads ${named(required)}, set neither in .env nor in the shell${optionalNote}`,
          fix: `add to .env: ${required.map(([n]) => `${n}=…`).join(' ')} (on Codehooks: coho set-env ${required[0]![0]} '…' --encrypted)`,
        },
  );

  const declared = new Set(Object.keys({ ...pkg?.dependencies, ...pkg?.devDependencies, ...pkg?.peerDependencies, ...pkg?.optionalDependencies }));
  const undeclared = [...importedPackages(sources)].filter(([name]) => !declared.has(name));
  checks.push(
    undeclared.length === 0
      ? { name: 'dependencies', ok: true, detail: 'every package the app imports is declared in package.json' }
      : {
          name: 'dependencies',
          ok: false,
          detail: `imported but not in package.json: ${undeclared.map(([n, f]) => `${n} (${f})`).join(', ')}`,
          fix: `npm install ${undeclared.map(([n]) => n).join(' ')} (the platform installs only what package.json declares)`,
        },
  );

  const holder = await findLiveLock(dataDir);
  checks.push(holder ? { name: 'data folder', ok: false, detail: lockedError(holder, dataDir).message, fix: `stop that server (kill ${holder.pid}), or start with --data <another folder>` } : { name: 'data folder', ok: true, detail: `${dataDir} is free` });

  checks.push((await portFree(o.port)) ? { name: 'port', ok: true, detail: `port ${o.port} is free` } : { name: 'port', ok: false, detail: `port ${o.port} is in use`, fix: `stop what listens there, or start with --port ${o.port + 1}` });
  return checks;
}

export function renderDoctor(checks: DoctorCheck[]): string {
  const lines = checks.map((c) => `${c.ok ? '✓' : '✗'} ${c.name}: ${c.detail.replace(/\n/g, '\n    ')}${c.fix ? `\n    fix: ${c.fix}` : ''}`);
  const failed = checks.filter((c) => !c.ok).length;
  return `${lines.join('\n')}\n\n${failed === 0 ? 'All checks passed.' : `${failed} of ${checks.length} checks failed.`}\n`;
}

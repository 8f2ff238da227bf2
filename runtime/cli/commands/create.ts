import { copyFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Command } from '../command.js';

/** `templates/` at the package root: dist/runtime/cli/commands/create.js is four levels below it. */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../../../templates/', import.meta.url));
const LOCALHOOKS_ROOT = fileURLToPath(new URL('../../../../', import.meta.url)).replace(/\/$/, '');

/** Never copied: installs, localhooks' build output and data. */
const SKIP = new Set(['node_modules', '.localhooks']);
/** npm drops `.gitignore` from published packages, so templates ship it as `gitignore`. */
const RENAME: Record<string, string> = { gitignore: '.gitignore' };

const USAGE = `localhooks create <dir> --template <name>

Creates a new Codehooks app in <dir> (which must be empty or not exist yet) from a template, ready for
\`localhooks dev\`. Sets the package.json name to the folder name and copies .env.example to .env.

Options:
  -t, --template <name>   the template to copy (run \`localhooks create\` to list them)

Examples:
  localhooks create my-summarizer --template llm-workflow
  localhooks create todo-api -t crud`;

export interface TemplateInfo {
  name: string;
  description: string;
}

export interface CreateIo {
  out: (text: string) => void;
  err: (text: string) => void;
  cwd: string;
  templatesDir: string;
}

function defaultIo(): CreateIo {
  return {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    cwd: process.cwd(),
    templatesDir: TEMPLATES_DIR,
  };
}

/** Every folder of `templates/` that has a package.json, with its one-line `description`. */
export async function listTemplates(templatesDir = TEMPLATES_DIR): Promise<TemplateInfo[]> {
  const entries = await readdir(templatesDir, { withFileTypes: true }).catch(() => []);
  const out: TemplateInfo[] = [];
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    const pkg = await readJson(join(templatesDir, e.name, 'package.json'));
    if (pkg) out.push({ name: e.name, description: typeof pkg.description === 'string' ? pkg.description : '' });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export async function runCreate(args: string[], io: CreateIo = defaultIo()): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { template: { type: 'string', short: 't' }, help: { type: 'boolean', short: 'h' } },
  });
  const templates = await listTemplates(io.templatesDir);
  const listing = renderList(templates);
  if (values.help || values.template === undefined) {
    io.out(`${USAGE}\n\nTemplates:\n${listing}\n`);
    return 0;
  }
  const fail = (message: string): number => {
    io.err(`localhooks create: ${message}\n`);
    return 1;
  };
  if (positionals.length !== 1) return fail(`expected one target folder, got ${positionals.length ? positionals.join(' ') : 'none'}\n\n${USAGE}`);
  const template = templates.find((t) => t.name === values.template);
  if (!template) return fail(`unknown template "${values.template}". Templates:\n${listing}`);

  const target = resolve(io.cwd, positionals[0]!);
  const existing = await stat(target).catch(() => null);
  if (existing && !existing.isDirectory()) return fail(`${target} exists and is not a folder`);
  if (existing && (await readdir(target)).length > 0) return fail(`${target} is not empty; pick a new folder name or empty it first`);

  await copyTree(join(io.templatesDir, template.name), target);
  const name = packageName(basename(target));
  const pkgPath = join(target, 'package.json');
  const pkg = (await readJson(pkgPath)) ?? {};
  await writeFile(pkgPath, `${JSON.stringify(withLocalLocalhooks({ ...pkg, name }), null, 2)}\n`);
  const example = join(target, '.env.example');
  const madeEnv = (await stat(example).catch(() => null)) !== null;
  if (madeEnv) await copyFile(example, join(target, '.env'));

  const shown = relative(io.cwd, target) || '.';
  io.out(
    [
      `Created ${name} from the ${template.name} template in ${target}`,
      ...(madeEnv ? ['  .env was copied from .env.example: review its values'] : []),
      '',
      'Next steps:',
      `  cd ${shown.includes(' ') ? JSON.stringify(shown) : shown} && npm install && npx localhooks dev`,
      '',
      'Then open http://localhost:8080/dev (the README has curl commands to try), see and steer the app in the',
      'dashboard at http://localhost:8080/.localhooks/, and run the tests with npm test.',
      '',
    ].join('\n'),
  );
  return 0;
}

function renderList(templates: TemplateInfo[]): string {
  if (templates.length === 0) return '  (none found)';
  const width = Math.max(...templates.map((t) => t.name.length));
  return templates.map((t) => `  ${t.name.padEnd(width)}  ${t.description}`).join('\n');
}

async function copyTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const e of await readdir(from, { withFileTypes: true })) {
    if (SKIP.has(e.name)) continue;
    const dest = join(to, RENAME[e.name] ?? e.name);
    if (e.isDirectory()) await copyTree(join(from, e.name), dest);
    else if (e.isFile()) await copyFile(join(from, e.name), dest);
  }
}

/** npm names are lower case, URL-safe, and do not start with a dot or underscore. */
/**
 * localhooks is not on the npm registry: the new app's devDependency points at the installation that
 * created it, so `npm install` in the app works offline and `npx localhooks` finds this copy.
 */
function withLocalLocalhooks(pkg: Record<string, unknown>): Record<string, unknown> {
  const dev = pkg.devDependencies as Record<string, string> | undefined;
  if (!dev || !('localhooks' in dev)) return pkg;
  return { ...pkg, devDependencies: { ...dev, localhooks: `file:${LOCALHOOKS_ROOT}` } };
}

export function packageName(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[._-]+|-+$/g, '')
    .slice(0, 214);
  return name || 'codehooks-app';
}

async function readJson(path: string): Promise<Record<string, unknown> | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

export const createCommand: Command = {
  name: 'create',
  summary: 'create a new app from a template (llm-workflow, crud, webhook-github, …)',
  usage: USAGE,
  run: (args) => runCreate(args),
};

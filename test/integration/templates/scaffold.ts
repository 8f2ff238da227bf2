// Scaffolds a template with `localhooks create` into a temp folder and serves it in-process, the way a user
// would start from it; also runs the template's own `npm test` (node --test) against this checkout.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LocalhooksOptions } from '../../../runtime/app.js';
import { runCreate, TEMPLATES_DIR, type CreateIo } from '../../../runtime/cli/commands/create.js';
import { REPO_ROOT, startDir, type TestApp } from '../../helpers/app-server.js';

export interface Scaffold {
  root: string;
  dir: string;
  out: string;
  serve(options?: Partial<LocalhooksOptions>): Promise<TestApp>;
  /** The template's own test suite (`node --test` in the scaffold), with this checkout's CLI. */
  ownTests(): Promise<{ code: number; out: string }>;
  remove(): Promise<void>;
}

export function captureIo(cwd: string, templatesDir = TEMPLATES_DIR): CreateIo & { text(): string } {
  let text = '';
  return { cwd, templatesDir, out: (t) => void (text += t), err: (t) => void (text += t), text: () => text };
}

export async function scaffold(template: string, folder = `my-${template}`): Promise<Scaffold> {
  const root = await mkdtemp(join(tmpdir(), `lh-tpl-${template}-`));
  const io = captureIo(root);
  const code = await runCreate([folder, '--template', template], io);
  if (code !== 0) throw new Error(`localhooks create ${template} failed:\n${io.text()}`);
  const dir = join(root, folder);
  const apps: TestApp[] = [];
  return {
    root,
    dir,
    out: io.text(),
    async serve(options = {}) {
      // offline whatever OPENAI_API_KEY the developer's shell has
      const app = await startDir(dir, { llm: { mode: 'offline' }, ...options });
      apps.push(app);
      return app;
    },
    async ownTests() {
      // What `npm install` would do with the scaffold's `file:` devDependency: link this checkout.
      await mkdir(join(dir, 'node_modules'), { recursive: true });
      await symlink(REPO_ROOT, join(dir, 'node_modules', 'localhooks'), 'junction').catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'EEXIST') throw e;
      });
      const env: NodeJS.ProcessEnv = { ...process.env };
      delete env.NODE_TEST_CONTEXT; // set by our own runner: the nested `node --test` must report normally
      delete env.OPENAI_API_KEY;
      try {
        const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--test'], { cwd: dir, env, timeout: 60_000 });
        return { code: 0, out: stdout + stderr };
      } catch (err) {
        const e = err as { code?: number; stdout?: string; stderr?: string };
        return { code: typeof e.code === 'number' ? e.code : 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
      }
    },
    async remove() {
      await Promise.all(apps.map((a) => a.close()));
      await rm(root, { recursive: true, force: true });
    },
  };
}

/**
 * The scaffold has no node_modules, and localhooks supplies codehooks-js, ajv, lodash and node-fetch but not
 * `openai`: link this checkout's copy (its devDependency, the version the LLM tests use) instead of running
 * npm install, which needs the registry or a warm cache and takes seconds.
 */
export async function linkOpenai(dir: string): Promise<void> {
  await mkdir(join(dir, 'node_modules'), { recursive: true });
  await symlink(join(REPO_ROOT, 'node_modules', 'openai'), join(dir, 'node_modules', 'openai'), 'junction');
}

export function origin(app: TestApp): string {
  return new URL(app.base).origin;
}

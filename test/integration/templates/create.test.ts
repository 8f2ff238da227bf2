// `localhooks create`: listing, refusals, and what a scaffold contains.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { listTemplates, packageName, runCreate, TEMPLATES_DIR } from '../../../runtime/cli/commands/create.js';
import { REPO_ROOT } from '../../helpers/app-server.js';
import { captureIo } from './scaffold.js';

const NAMES = ['crud', 'llm-workflow', 'llm-workflow-ts', 'queue-cron', 'webhook-github'];
const exists = (p: string) => stat(p).then(() => true, () => false);

async function withTemp<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'lh-create-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('create: templates are found at the package root from dist/, each with a description', async () => {
  assert.equal(TEMPLATES_DIR.replace(/\/$/, ''), join(REPO_ROOT, 'templates'));
  const templates = await listTemplates();
  assert.deepEqual(templates.map((t) => t.name), NAMES);
  for (const t of templates) assert.ok(t.description.length > 20 && t.description.length < 130, `${t.name}: "${t.description}"`);
});

test('create: without --template lists the templates and the usage, exit 0 (the real bin)', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [join(REPO_ROOT, 'bin', 'localhooks.js'), 'create']);
  assert.match(stdout, /localhooks create <dir> --template <name>/);
  for (const name of NAMES) assert.match(stdout, new RegExp(`^  ${name}\\s{2,}\\S`, 'm'));
  const help = await promisify(execFile)(process.execPath, [join(REPO_ROOT, 'bin', 'localhooks.js'), '--help']);
  assert.match(help.stdout, /^\s+create\s+create a new app from a template/m);
});

test('create: an unknown template is exit 1 naming the templates; a non-empty folder is refused', async () => {
  await withTemp(async (root) => {
    const io = captureIo(root);
    assert.equal(await runCreate(['app', '--template', 'nope'], io), 1);
    assert.match(io.text(), /unknown template "nope"/);
    for (const name of NAMES) assert.match(io.text(), new RegExp(name));
    assert.equal(await exists(join(root, 'app')), false);

    await mkdir(join(root, 'busy'));
    await writeFile(join(root, 'busy', 'notes.txt'), 'keep me');
    const busy = captureIo(root);
    assert.equal(await runCreate(['busy', '-t', 'crud'], busy), 1);
    assert.match(busy.text(), /busy is not empty/);
    assert.deepEqual(await readdir(join(root, 'busy')), ['notes.txt']);

    await writeFile(join(root, 'afile'), '');
    assert.equal(await runCreate(['afile', '-t', 'crud'], captureIo(root)), 1);
    const noDir = captureIo(root);
    assert.equal(await runCreate(['-t', 'crud'], noDir), 1);
    assert.match(noDir.text(), /expected one target folder/);
  });
});

test('create: copies the template, names the package after the folder, .env from .env.example, next steps', async () => {
  await withTemp(async (root) => {
    await mkdir(join(root, 'empty-ok')); // an existing empty folder is fine
    const io = captureIo(root);
    assert.equal(await runCreate(['empty-ok', '--template', 'llm-workflow'], io), 0);
    const dir = join(root, 'empty-ok');
    assert.deepEqual((await readdir(dir)).sort(), ['.env', '.env.example', '.gitignore', 'README.md', 'index.js', 'package.json', 'test']);
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    assert.equal(pkg.name, 'empty-ok');
    assert.equal(pkg.scripts.dev, 'localhooks dev');
    // localhooks is not on the registry: the app installs it from the copy that created it.
    assert.equal(pkg.devDependencies.localhooks, `file:${REPO_ROOT.replace(/\/$/, '')}`);
    assert.equal(await readFile(join(dir, '.env'), 'utf8'), await readFile(join(dir, '.env.example'), 'utf8'));
    assert.equal(await readFile(join(dir, 'index.js'), 'utf8'), await readFile(join(TEMPLATES_DIR, 'llm-workflow', 'index.js'), 'utf8'));
    assert.match(io.text(), /cd empty-ok && npm install && npx localhooks dev/);
  });
});

test('create: node_modules and .localhooks in a template folder are not copied', async () => {
  await withTemp(async (root) => {
    const templates = join(root, 'templates');
    await cp(join(TEMPLATES_DIR, 'crud'), join(templates, 'crud'), { recursive: true });
    await mkdir(join(templates, 'crud', 'node_modules', 'x'), { recursive: true });
    await mkdir(join(templates, 'crud', '.localhooks', 'data'), { recursive: true });
    assert.equal(await runCreate(['out', '-t', 'crud'], captureIo(root, templates)), 0);
    const files = await readdir(join(root, 'out'));
    assert.ok(!files.includes('node_modules') && !files.includes('.localhooks'), files.join(', '));
    assert.ok(!files.includes('.env'), 'no .env without .env.example');
  });
});

test('create: package names follow npm rules', () => {
  assert.equal(packageName('My App'), 'my-app');
  assert.equal(packageName('.hidden_'), 'hidden_');
  assert.equal(packageName('Ωmega'), 'mega');
  assert.equal(packageName('___'), 'codehooks-app');
});

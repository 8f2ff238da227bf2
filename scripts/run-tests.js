// Runs every compiled test file under dist/test with node:test; optional args filter paths by substring.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawn } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const testDir = join(root, 'dist', 'test');
const filters = process.argv.slice(2);

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (name === 'fixtures' || name === 'helpers') return [];
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.test.js') ? [p] : [];
  });
}

const files = walk(testDir)
  .filter((f) => filters.length === 0 || filters.some((s) => relative(root, f).includes(s)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
// One throwaway PostgreSQL for the whole run (each test file makes its own databases on it), unless one is given.
let pg = null;
if (!process.env.LOCALHOOKS_TEST_PG) {
  const { startPostgres } = await import(join(testDir, 'helpers', 'postgres.js'));
  pg = await startPostgres();
}
const env = pg ? { ...process.env, LOCALHOOKS_TEST_PG: pg.url } : process.env;
const child = spawn(process.execPath, ['--enable-source-maps', '--test', '--test-concurrency=2', ...files], {
  stdio: 'inherit',
  cwd: root,
  env,
});
const stop = () => pg?.stop();
process.on('SIGINT', () => child.kill('SIGINT'));
child.on('exit', async (code, signal) => {
  await stop();
  process.exit(signal ? 1 : code ?? 1);
});

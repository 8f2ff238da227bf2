// Bundles the dashboard (dashboard/src) into dist/dashboard with esbuild, copies Swagger UI's assets beside it,
// and fails when the page's JavaScript and CSS, gzipped, pass the size budget. Runs in `npm run build` (so in
// `prepare`, on a fresh `npm ci`): the package ships the bundle and needs no framework or CDN at run time.
import { build } from 'esbuild';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'dist', 'dashboard');
/** The page's own JS + CSS, gzipped; past this a slow machine would wait on parsing before the first view. */
export const BUDGET_GZIP_BYTES = 300 * 1024;
/** What the app's `app.openapi()` page loads from unpkg; served from here instead (docs/dashboard.md). */
export const SWAGGER_ASSETS = ['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'favicon-32x32.png', 'favicon-16x16.png'];

await rm(out, { recursive: true, force: true });
await mkdir(join(out, 'vendor', 'swagger-ui'), { recursive: true });
await build({
  entryPoints: { app: join(root, 'dashboard', 'src', 'main.ts') },
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2022', 'chrome110', 'firefox115', 'safari16'],
  outdir: out,
  legalComments: 'none',
  logLevel: 'warning',
});
await copyFile(join(root, 'dashboard', 'index.html'), join(out, 'index.html'));
const swagger = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
for (const f of SWAGGER_ASSETS) await copyFile(join(swagger, f), join(out, 'vendor', 'swagger-ui', f));
const version = JSON.parse(await readFile(join(swagger, 'package.json'), 'utf8')).version;
await writeFile(join(out, 'vendor', 'swagger-ui', 'VERSION'), `${version}\n`);

let total = 0;
const sizes = [];
for (const f of ['app.js', 'app.css']) {
  const gz = gzipSync(await readFile(join(out, f)), { level: 9 }).byteLength;
  total += gz;
  sizes.push(`${f} ${(gz / 1024).toFixed(1)} KB`);
}
await writeFile(join(out, 'size.json'), JSON.stringify({ gzipBytes: total, budget: BUDGET_GZIP_BYTES }) + '\n');
if (total > BUDGET_GZIP_BYTES) {
  console.error(`dashboard: ${sizes.join(', ')} gzipped = ${(total / 1024).toFixed(1)} KB, over the ${BUDGET_GZIP_BYTES / 1024} KB budget`);
  process.exit(1);
}
if (process.env.DASHBOARD_SIZES) console.log(`dashboard: ${sizes.join(', ')} gzipped (budget ${BUDGET_GZIP_BYTES / 1024} KB)`);

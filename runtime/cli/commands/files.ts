import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import type { FileEntry } from '../../../sdk/contract/files.js';
import { checkStorePath } from '../../../sdk/files/store-paths.js';
import { isLocalhooksError } from '../../errors.js';
import { FilesClient } from '../../files/files-client.js';
import { CliUsageError, defaultIo, reportCliError, resolveServer, type CliIo } from '../../queue/admin-client.js';

const USAGE = `localhooks files <ls|put|get|rm> [arguments] [options]

The blob store of a running localhooks server: what the app reads and writes with filestore (_coho_fs) and
serves with app.storage. Like coho file-upload, put takes a whole folder.

  localhooks files ls [path]             list the files below a folder (default /), recursively
  localhooks files put <local> [path]    upload a file, or a folder with everything in it, to a store path
                                         (default: /<name> for a file, / for a folder; a path ending in /
                                         is a folder to put the file in)
  localhooks files get <path> [local]    download a file (default ./<name>; - for stdout), or every file
                                         below a folder into a local folder (default ./<folder name>)
  localhooks files rm <path>             delete a file (-r: a folder and everything in it)

Writes are whole or not at all: a reader never sees half a file, an interrupted upload leaves the old one.

Options:
      --json          print JSON (ls: the platform's list shape [{path, size, date, _id}])
  -r, --recursive     rm: delete a folder and everything in it
  -p, --port <n>      port of the server (default: $LOCALHOOKS_PORT, $PORT or 8080)
      --url <url>     address of the server instead of --port

Examples:
  localhooks files put ./assets /static
  localhooks files ls /static
  localhooks files get /static/logo.png
  localhooks files rm -r /static`;

export interface FilesIo extends CliIo {
  /** Where `get <path> -` writes the bytes. */
  stdout: NodeJS.WritableStream;
  cwd: string;
}

export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = -1;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export function renderList(files: FileEntry[], path: string): string {
  if (files.length === 0) return `No files under ${path}\n`;
  const sizes = files.map((f) => formatSize(f.size));
  const width = Math.max(...sizes.map((s) => s.length));
  const rows = files.map((f, i) => `${sizes[i]!.padStart(width)}  ${f.date.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}  ${f.path}`);
  const total = files.reduce((n, f) => n + f.size, 0);
  return `${rows.join('\n')}\n${files.length} file${files.length === 1 ? '' : 's'}, ${formatSize(total)}\n`;
}

/** A store path from the command line, refused here when the URL could not carry it (`..`). */
function storePath(raw: string): string {
  try {
    checkStorePath(raw);
  } catch (err) {
    if (isLocalhooksError(err)) throw new CliUsageError(err.message);
    throw err;
  }
  return raw.startsWith('/') ? raw : `/${raw}`;
}

const join2 = (folder: string, name: string) => `${folder.replace(/\/+$/, '')}/${name}`;

/** Every regular file below `dir` (symlinks are not followed, as `list` does not follow them either). */
async function localFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await localFiles(full)));
    else if (e.isFile()) out.push(full);
  }
  return out;
}

async function put(client: FilesClient, io: FilesIo, local: string, target: string | undefined, json: boolean): Promise<number> {
  const from = resolve(io.cwd, local);
  const s = await stat(from).catch(() => null);
  if (!s) throw new CliUsageError(`no such file or folder: ${local}`);
  const jobs: { file: string; path: string }[] = [];
  if (s.isDirectory()) {
    const base = storePath(target ?? '/');
    for (const file of await localFiles(from)) jobs.push({ file, path: join2(base, relative(from, file).split(sep).join('/')) });
    jobs.sort((a, b) => (a.path < b.path ? -1 : 1));
  } else {
    const path = target === undefined ? `/${basename(from)}` : target.endsWith('/') ? join2(target, basename(from)) : target;
    jobs.push({ file: from, path: storePath(path) });
  }
  const uploaded: { path: string; size: number }[] = [];
  for (const job of jobs) {
    const r = await client.put(job.file, storePath(job.path));
    uploaded.push(r);
    if (!json) io.out(`put ${r.path} (${formatSize(r.size)})\n`);
  }
  const total = uploaded.reduce((n, f) => n + f.size, 0);
  if (json) io.out(`${JSON.stringify({ uploaded }, null, 2)}\n`);
  else if (jobs.length !== 1 || s.isDirectory()) io.out(`Uploaded ${uploaded.length} file${uploaded.length === 1 ? '' : 's'} (${formatSize(total)})\n`);
  return 0;
}

async function get(client: FilesClient, io: FilesIo, path: string, local: string | undefined, json: boolean): Promise<number> {
  const files = await client.list(path);
  const isFile = files.length === 1 && files[0]!.path === path.replace(/\/+$/, '');
  if (files.length === 0) throw new CliUsageError(`no file or folder ${path} in the file store`);
  if (isFile && local === '-') {
    await client.get(path, io.stdout);
    return 0;
  }
  const name = basename(path.replace(/\/+$/, '')) || 'files';
  const downloaded: { path: string; file: string; size: number }[] = [];
  if (isFile) {
    const file = resolve(io.cwd, local ?? name);
    const target = (await stat(file).catch(() => null))?.isDirectory() ? join(file, name) : file;
    downloaded.push({ path, file: target, size: await client.get(path, target) });
  } else {
    if (local === '-') throw new CliUsageError(`${path} is a folder: give a local folder to download it into, not -`);
    const dir = resolve(io.cwd, local ?? name);
    const prefix = path.replace(/\/+$/, '');
    for (const f of files) {
      const target = join(dir, ...f.path.slice(prefix.length + 1).split('/'));
      downloaded.push({ path: f.path, file: target, size: await client.get(f.path, target) });
    }
  }
  if (json) io.out(`${JSON.stringify({ downloaded }, null, 2)}\n`);
  else for (const d of downloaded) io.out(`got ${d.path} → ${relative(io.cwd, d.file) || d.file} (${formatSize(d.size)})\n`);
  return 0;
}

export async function runFiles(args: string[], io: FilesIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      recursive: { type: 'boolean', short: 'r', default: false },
      port: { type: 'string', short: 'p' },
      url: { type: 'string' },
    },
  });
  try {
    const [sub, ...rest] = positionals;
    const origin = resolveServer(values, io.env);
    const client = new FilesClient(io, origin);
    const json = values.json === true;
    const arity = (min: number, max: number, shape: string) => {
      if (rest.length < min || rest.length > max) throw new CliUsageError(`expected "files ${sub} ${shape}"\n\n${USAGE}`);
    };
    switch (sub) {
      case 'ls': {
        arity(0, 1, '[path]');
        const path = storePath(rest[0] ?? '/');
        const files = await client.list(path);
        io.out(json ? `${JSON.stringify(files, null, 2)}\n` : renderList(files, path));
        return 0;
      }
      case 'put':
        arity(1, 2, '<local file or folder> [path]');
        return await put(client, io, rest[0]!, rest[1], json);
      case 'get':
        arity(1, 2, '<path> [local]');
        return await get(client, io, storePath(rest[0]!), rest[1], json);
      case 'rm': {
        arity(1, 1, '<path>');
        const deleted = await client.remove(storePath(rest[0]!), values.recursive === true);
        io.out(json ? `${JSON.stringify({ deleted }, null, 2)}\n` : `Deleted ${deleted.length === 1 ? deleted[0] : `${deleted.length} files under ${rest[0]}`}\n`);
        return 0;
      }
      default:
        throw new CliUsageError(sub === undefined ? `expected ls, put, get or rm\n\n${USAGE}` : `unknown subcommand "${sub}": expected ls, put, get or rm`);
    }
  } catch (err) {
    // A local file that cannot be read or written (EACCES, ENOSPC): said plainly, no stack.
    const e = err as NodeJS.ErrnoException;
    if (typeof e?.syscall === 'string') return reportCliError(io, 'files', new CliUsageError(e.message));
    return reportCliError(io, 'files', err);
  }
}

export const filesCommand: Command = {
  name: 'files',
  summary: 'list, upload, download and delete blob-store files (files ls|put|get|rm)',
  usage: USAGE,
  run: (args) => runFiles(args, { ...defaultIo(), stdout: process.stdout, cwd: process.cwd() }),
};

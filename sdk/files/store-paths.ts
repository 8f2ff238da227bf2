import { mkdir, realpath, stat } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { LocalhooksError } from '../errors.js';

/** Store paths are joined under the data folder; Linux's PATH_MAX (4096) must still hold the result. */
export const MAX_STORE_PATH = 1024;

/**
 * One file store folder (the blob store, or the app's own files for `source: true`) and the rules that keep
 * every path inside it (FS-07): no `..` segment (also not percent-encoded, since a later layer may decode it),
 * no NUL byte, and no symlink whose target lies outside (checked on the real path, so links inside are fine).
 * Thread-neutral: the coderunner's `_coho_fs` and the admin API's file routes share it.
 */
const OUTSIDE = 'a folder on the way is a symlink to a place outside the file store';

export class StoreFolder {
  readonly base: string;
  #real: string | null = null;
  readonly #hidden: ((segment: string) => boolean) | undefined;

  /** `hidden`: names that are never found in this folder (the app folder's `.env`, see `isPrivateSourceName`). */
  constructor(base: string, options: { hidden?: (segment: string) => boolean } = {}) {
    this.base = resolve(base);
    this.#hidden = options.hidden;
  }

  /** True for a name this folder never shows (`list` skips it too). */
  hides(name: string): boolean {
    return this.#hidden?.(name) === true;
  }

  /** The host path of a store path (`/a/b.txt`, `a/b.txt`), checked lexically; no file system access. */
  locate(path: unknown): string {
    const p = checkStorePath(path);
    if (this.#hidden && p.split(/[/\\]/).some(this.#hidden)) throw notFound(p);
    const full = resolve(this.base, '.' + (p.startsWith('/') ? p : `/${p}`));
    if (full !== this.base && !full.startsWith(this.base + sep)) throw badPath(p, 'it leaves the file store');
    return full;
  }

  /** The store path of a host path inside the folder: `/`-separated, with a leading `/`. */
  storePath(full: string): string {
    if (full === this.base) return '/';
    return '/' + full.slice(this.base.length + 1).split(sep).join('/');
  }

  /** For reads: the file's real path (symlinks resolved) must be inside the folder. Rejects ENOENT as fs does. */
  async checkExisting(full: string, path: string): Promise<void> {
    const real = await realpath(full).catch(hidePath(full, path));
    if (!(await this.#inside(real))) throw badPath(path, 'it is a symlink to a place outside the file store');
  }

  /** For deletes: the nearest folder on the way that exists must really be inside. Resolves with that folder. */
  async checkParent(full: string, path: string): Promise<string> {
    let existing = dirname(full);
    for (;;) {
      const s = await stat(existing).catch(() => null);
      if (s) {
        if (!s.isDirectory()) throw badPath(path, `${this.storePath(existing)} is a file, not a folder`);
        break;
      }
      if (existing === this.base) {
        await mkdir(this.base, { recursive: true });
        break;
      }
      existing = dirname(existing);
    }
    if (!(await this.#inside(await realpath(existing)))) throw badPath(path, OUTSIDE);
    return existing;
  }

  /**
   * For writes: creates the file's folder, after checking that the nearest folder that already exists is really
   * inside (so `mkdir -p` cannot follow a symlink out), and checks the result again.
   */
  async prepareParent(full: string, path: string): Promise<void> {
    const parent = dirname(full);
    const existing = await this.checkParent(full, path);
    if (existing === parent) return;
    await mkdir(parent, { recursive: true });
    if (!(await this.#inside(await realpath(parent)))) throw badPath(path, OUTSIDE);
  }

  async #inside(real: string): Promise<boolean> {
    const base = await this.#realBase();
    return real === base || real.startsWith(base + sep);
  }

  async #realBase(): Promise<string> {
    if (this.#real) return this.#real;
    const real = await realpath(this.base).catch(() => null);
    // Cached once the folder exists: the blob store's folder is made on the first write.
    if (real) this.#real = real;
    return real ?? this.base;
  }
}

/** A store path as the app or a client gave it, validated; the message names what is wrong with it. */
export function checkStorePath(path: unknown): string {
  if (typeof path !== 'string' || path === '') throw badPath(String(path), 'a file path must be a non-empty string like /folder/file.txt');
  if (path.length > MAX_STORE_PATH) throw badPath(`${path.slice(0, 60)}…`, `it is longer than ${MAX_STORE_PATH} characters`);
  if (path.includes('\0')) throw badPath(path.replace(/\0/g, '\\0'), 'it contains a NUL byte');
  for (const segment of path.split(/[/\\]/)) {
    if (segment === '..' || decodesToDots(segment)) throw badPath(path, 'it contains a ".." segment');
  }
  return path;
}

function decodesToDots(segment: string): boolean {
  if (!segment.includes('%')) return false;
  try {
    return decodeURIComponent(segment) === '..';
  } catch {
    return false;
  }
}

/**
 * Files of the app folder that exist only on this machine and hold secrets or localhooks' own data: `.env`
 * files, the `.localhooks` folder (data, builds) and `.git`. `app.static()` with its default `directory: '/'`
 * would otherwise serve `/public/.env`; on the platform these are never deployed.
 */
export function isPrivateSourceName(segment: string): boolean {
  return segment === '.env' || segment.startsWith('.env.') || segment === '.localhooks' || segment === '.git';
}

/** The error fs gives for a missing file, naming the store path. */
function notFound(path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT', errno: -2, syscall: 'open', path });
}

export function badPath(path: string, why: string): LocalhooksError {
  return new LocalhooksError('LH_FILE_BAD_PATH', `File path ${JSON.stringify(path)} is refused: ${why}`, { status: 400 });
}

/** fs errors name the host's absolute path; the app and its clients (the static 404) see the store's path only. */
export function hidePath(full: string, path: string) {
  return (err: NodeJS.ErrnoException): never => {
    err.message = err.message.split(full).join(path);
    if (err.stack) err.stack = err.stack.split(full).join(path);
    if (err.path) err.path = path;
    throw err;
  };
}

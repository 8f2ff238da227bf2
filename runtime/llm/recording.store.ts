import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One recorded call: the request as the app sent it, and the upstream's answer. */
export interface Recording {
  key: string;
  method: string;
  path: string;
  request: unknown;
  recordedAt: string;
  response: {
    status: number;
    contentType: string;
    /** Parsed JSON for JSON answers. */
    body?: unknown;
    /** Raw text for server-sent events (and anything not JSON). */
    text?: string;
  };
}

/** JSON with object keys sorted at every level, so key order in the app's request does not change the key. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return '';
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** sha256 of `METHOD /path` and the canonical body: the file name of a recording. */
export function recordingKey(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method.toUpperCase()} ${path}\n${canonicalJson(body)}`).digest('hex');
}

/** Recordings as `<dir>/<key>.json`, one file per call, readable and easy to commit as test fixtures. */
export class RecordingStore {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  fileFor(key: string): string {
    return join(this.dir, `${key}.json`);
  }

  async load(key: string): Promise<Recording | null> {
    try {
      return JSON.parse(await readFile(this.fileFor(key), 'utf8')) as Recording;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  /** Writes through a temporary file and a rename, so a crash never leaves half a recording to replay. */
  async save(recording: Recording): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const file = this.fileFor(recording.key);
    const tmp = `${file}.${randomUUID()}.tmp`; // unique: two calls may record the same key at once
    await writeFile(tmp, `${JSON.stringify(recording, null, 2)}\n`);
    await rename(tmp, file);
    return file;
  }
}

import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Files being written carry this prefix until they are complete; `list` never shows them. */
export const PART_PREFIX = '.lh-part-';

export type FileData = Uint8Array | string | AsyncIterable<unknown>;

/**
 * Writes `full` whole or not at all: the bytes go to a temporary file in the same folder, are flushed to disk
 * (fsync), and the file is renamed over the target, which is atomic within one file system. A reader sees the
 * old version or the new one, and a crash (`kill -9`, power loss) leaves the old version and at worst a stray
 * part file, which `sweepParts` removes at the next start. Resolves with the number of bytes written.
 */
export async function writeAtomic(full: string, data: FileData, limit = Infinity): Promise<number> {
  const dir = dirname(full);
  const part = join(dir, `${PART_PREFIX}${randomBytes(8).toString('hex')}`);
  const fh = await open(part, 'wx', 0o644);
  let size = 0;
  try {
    if (typeof data === 'string' || data instanceof Uint8Array) {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      size = bytes.byteLength;
      await fh.writeFile(bytes);
    } else {
      for await (const chunk of data) {
        const bytes = toBytes(chunk);
        size += bytes.byteLength;
        if (size > limit) throw new RangeError(`the file is larger than ${limit} bytes`);
        // Short writes are retried by FileHandle.write's caller contract: loop until the chunk is out.
        for (let off = 0; off < bytes.byteLength; ) off += (await fh.write(bytes, off)).bytesWritten;
      }
    }
    await fh.sync();
  } catch (err) {
    await fh.close().catch(() => {});
    await unlink(part).catch(() => {});
    throw err;
  }
  await fh.close();
  try {
    await rename(part, full);
  } catch (err) {
    await unlink(part).catch(() => {});
    throw err;
  }
  await syncDir(dir);
  return size;
}

/** The rename is durable once the folder's entry is on disk too (a process crash alone would not need this). */
async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r').catch(() => null);
  if (!fh) return;
  await fh.sync().catch(() => {});
  await fh.close();
}

function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk);
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  throw new TypeError(`saveFile: the stream gave a ${typeof chunk}, not bytes or text`);
}

/**
 * Removes part files a crashed write left behind, anywhere under `base`, that were last written before
 * `before` (so a write that started since is left alone). Resolves with how many it removed.
 */
export async function sweepParts(base: string, before: number): Promise<number> {
  let removed = 0;
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const full = join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.name.startsWith(PART_PREFIX) && ((await stat(full).catch(() => null))?.mtimeMs ?? Infinity) < before) {
        await rm(full, { force: true });
        removed++;
      }
    }
  };
  await walk(base);
  return removed;
}

import type { BatchOp, Store } from '../storage/index.js';

/** Entries written per batch while copying a store: large enough to amortise, small enough to stream. */
const COPY_CHUNK = 1000;

/** Writes every entry of `entries` into `to`; resolves with the number copied. */
export async function copyEntries(entries: AsyncIterator<[string, string]>, to: Store): Promise<number> {
  let ops: BatchOp[] = [];
  let n = 0;
  for (let r = await entries.next(); !r.done; r = await entries.next()) {
    ops.push({ type: 'put', key: r.value[0], value: r.value[1] });
    n++;
    if (ops.length >= COPY_CHUNK) {
      await to.batch(ops);
      ops = [];
    }
  }
  await to.batch(ops);
  return n;
}

/**
 * Makes `target` hold exactly what `source` holds (nothing, when null), in one batch: LevelDB applies a batch
 * whole or not at all, so a crash in the middle leaves the old data, never a mix. The batch holds every key
 * in memory once, which data folders of a development server afford.
 */
export async function replaceContents(target: Store, source: Store | null): Promise<number> {
  const ops: BatchOp[] = [];
  const incoming = new Set<string>();
  if (source) {
    for await (const [key, value] of source.entries()) {
      ops.push({ type: 'put', key, value });
      incoming.add(key);
    }
  }
  for await (const key of target.keys()) if (!incoming.has(key)) ops.push({ type: 'del', key });
  await target.batch(ops);
  return incoming.size;
}

import type { Store } from '../storage/index.js';
import type { CollectionRegistry } from './collections.js';
import type { Doc } from './doc-reader.js';
import { docLockKey, type DocWriter } from './doc-writer.js';
import { dbError } from './errors.js';
import { docKey } from './key-layout.js';
import type { KeyLock } from './key-lock.js';

/**
 * Writes documents by `_id`, replacing those that exist and inserting the rest, in one atomic batch with their
 * index entries: what an import does, so that importing the same file twice leaves the same data. Documents
 * without `_id` get a new one. Every document is checked (storable, `_id`, size, schema) before anything is
 * written.
 */
export async function upsertDocuments(
  deps: { store: Store; registry: CollectionRegistry; writer: DocWriter; locks: KeyLock },
  coll: string,
  inputs: readonly unknown[],
): Promise<{ inserted: number; replaced: number }> {
  const { store, registry, writer, locks } = deps;
  const prepared = inputs.map((d) => writer.prepareNew(coll, d));
  const jsons = prepared.map((p) => writer.check(coll, registry.get(coll), p.doc));
  const given = prepared.filter((p) => p.given).map((p) => p.doc._id as string);
  if (new Set(given).size !== given.length) throw dbError('LH_DB_DUPLICATE_ID', `The same _id appears twice in one import into "${coll}"`);
  if (prepared.length === 0) return { inserted: 0, replaced: 0 };
  return writer.track(coll, () =>
    locks.runAll(given.map((id) => docLockKey(coll, id)), async () => {
      const existing = given.length ? await store.getMany(given.map((id) => docKey(coll, id))) : [];
      const before = new Map<string, Doc>();
      given.forEach((id, i) => existing[i] !== undefined && before.set(id, JSON.parse(existing[i]!) as Doc));
      const meta = registry.get(coll);
      const ops = prepared.flatMap((p, i) => writer.docOps(coll, meta, before.get(p.doc._id as string) ?? null, p.doc, jsons[i]));
      await writer.commit(coll, ops);
      writer.forgetCount(coll);
      return { inserted: prepared.length - before.size, replaced: before.size };
    }),
  );
}

import type { Store } from '../storage/index.js';
import type { CollectionRegistry } from './collections.js';
import { docPrefix, rangeUnder } from './key-layout.js';

export interface CollectionInfo {
  name: string;
  count: number;
  createdAt: string;
  indexes: string[];
  cap?: number;
  hasSchema: boolean;
}

/** Every collection with its document count (a key-only scan each), for the dashboard and CLI. */
export async function collectionInfos(store: Store, registry: CollectionRegistry): Promise<CollectionInfo[]> {
  const out: CollectionInfo[] = [];
  for (const name of registry.names()) {
    const meta = registry.get(name);
    if (!meta) continue;
    let count = 0;
    for await (const _ of store.keys(rangeUnder(docPrefix(name)))) count++;
    out.push({
      name,
      count,
      createdAt: meta.createdAt,
      indexes: [...meta.indexes],
      ...(meta.cap !== undefined ? { cap: meta.cap } : {}),
      hasSchema: meta.schema !== undefined,
    });
  }
  return out;
}

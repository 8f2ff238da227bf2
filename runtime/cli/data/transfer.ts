import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { AdminError } from '../../admin/errors.js';
import type { AdminClient } from './client.js';
import { EXPORT_LAYOUT, type ImportPlan } from './import-source.js';

/** Documents per request while validating and importing: far below the server's 10 000, small bodies. */
export const IMPORT_BATCH = 5_000;

interface CollectionInfo {
  name: string;
  count: number;
  indexes: string[];
  cap?: number;
  schema: Record<string, unknown> | null;
}

export interface ExportSummary {
  out: string;
  collections: Record<string, number>;
  kv: number;
}

/**
 * Writes `out/collections/<name>.jsonl` (one document a line), `out/kv.jsonl` (every keyspace, with each entry's
 * expiry), `out/indexes.json`, `out/schemas.json` and `out/export.json` (what was exported, when, on which clock).
 */
export async function exportData(client: AdminClient, out: string, only: string[], progress: (line: string) => void): Promise<ExportSummary> {
  const { collections } = await client.get<{ collections: CollectionInfo[] }>('/collections');
  const unknown = only.filter((n) => !collections.some((c) => c.name === n));
  if (unknown.length) throw new AdminError('LH_ADMIN_UNKNOWN_COLLECTION', `no collection ${unknown.map((n) => `"${n}"`).join(', ')} (collections: ${collections.map((c) => c.name).join(', ') || 'none yet'})`);
  const chosen = only.length ? collections.filter((c) => only.includes(c.name)) : collections;
  await mkdir(join(out, EXPORT_LAYOUT.collections), { recursive: true });
  const summary: ExportSummary = { out, collections: {}, kv: 0 };
  for (const c of chosen) {
    summary.collections[c.name] = await writeLines(join(out, EXPORT_LAYOUT.collections, `${c.name}.jsonl`), client.bytes(`/collections/${encodeURIComponent(c.name)}/export`));
    progress(`${c.name}: ${summary.collections[c.name]!.toLocaleString('en')} document(s)`);
  }
  // Key-value entries belong to the whole space: a partial export (named collections) leaves them out.
  if (only.length === 0) {
    summary.kv = await writeLines(join(out, EXPORT_LAYOUT.kv), client.bytes('/kv/export'));
    progress(`key-value: ${summary.kv.toLocaleString('en')} entr${summary.kv === 1 ? 'y' : 'ies'}`);
  }
  const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
  await writeFile(join(out, EXPORT_LAYOUT.indexes), json(Object.fromEntries(chosen.filter((c) => c.indexes.length).map((c) => [c.name, c.indexes]))));
  await writeFile(join(out, EXPORT_LAYOUT.schemas), json(Object.fromEntries(chosen.filter((c) => c.schema).map((c) => [c.name, c.schema]))));
  const clock = await client.get<{ now: string }>('/clock').catch(() => null);
  await writeFile(join(out, EXPORT_LAYOUT.manifest), json({ exportedAt: new Date().toISOString(), clock: clock?.now ?? null, collections: summary.collections, kv: summary.kv }));
  return summary;
}

/** Writes a JSON Lines answer to `file` as it arrives; resolves with the number of lines. */
async function writeLines(file: string, chunks: AsyncIterable<Uint8Array>): Promise<number> {
  const stream = createWriteStream(file);
  let n = 0;
  try {
    for await (const chunk of chunks) {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
      if (!stream.write(chunk)) await once(stream, 'drain');
    }
  } finally {
    stream.end();
    await once(stream, 'close');
  }
  return n;
}

export interface ImportSummary {
  collections: Record<string, { inserted: number; replaced: number }>;
  kv: number;
  indexes: number;
  schemas: number;
}

/**
 * Validates every document of the plan on the server (the checks an insert makes, against the schema the
 * import brings or the collection's own) before writing any; then writes schemas, indexes, documents (by `_id`:
 * a second import of the same data changes nothing) and key-value entries.
 */
export async function importData(client: AdminClient, plan: ImportPlan, progress: (line: string) => void): Promise<ImportSummary> {
  const path = (name: string, rest: string) => `/collections/${encodeURIComponent(name)}${rest}`;
  checkPlan(plan);
  for (const c of plan.collections) {
    for (let i = 0; i < c.docs.length; i += IMPORT_BATCH) {
      const schema = plan.schemas[c.name];
      const { problems } = await client.send<{ problems: { index: number; message: string }[] }>('POST', path(c.name, '/validate'), { docs: c.docs.slice(i, i + IMPORT_BATCH), ...(schema ? { schema } : {}) });
      const p = problems[0];
      if (p) throw new AdminError('LH_IMPORT_INVALID', `${c.where[i + p.index]}: ${p.message} (nothing was imported)`);
    }
    progress(`${c.name}: ${c.docs.length.toLocaleString('en')} document(s) valid`);
  }
  const summary: ImportSummary = { collections: {}, kv: 0, indexes: 0, schemas: 0 };
  const names = new Set([...plan.collections.map((c) => c.name), ...Object.keys(plan.indexes), ...Object.keys(plan.schemas)]);
  for (const name of names) {
    await client.send('POST', '/collections', { name });
    const schema = plan.schemas[name];
    if (schema) {
      await client.send('PUT', path(name, '/schema'), schema);
      summary.schemas++;
    }
    const fields = plan.indexes[name];
    if (fields?.length) {
      await client.send('POST', path(name, '/indexes'), { fields });
      summary.indexes += fields.length;
    }
  }
  for (const c of plan.collections) {
    const total = { inserted: 0, replaced: 0 };
    for (let i = 0; i < c.docs.length; i += IMPORT_BATCH) {
      const r = await client.send<{ inserted: number; replaced: number }>('POST', path(c.name, '/import'), { docs: c.docs.slice(i, i + IMPORT_BATCH) });
      total.inserted += r.inserted;
      total.replaced += r.replaced;
      const done = Math.min(i + IMPORT_BATCH, c.docs.length);
      progress(`${c.name}: ${done.toLocaleString('en')}/${c.docs.length.toLocaleString('en')} (${Math.round((done / c.docs.length) * 100)}%)`);
    }
    summary.collections[c.name] = total;
  }
  for (let i = 0; i < plan.kv.entries.length; i += IMPORT_BATCH) {
    const r = await client.send<{ written: number }>('POST', '/kv/import', { entries: plan.kv.entries.slice(i, i + IMPORT_BATCH) });
    summary.kv += r.written;
  }
  if (plan.kv.entries.length) progress(`key-value: ${summary.kv.toLocaleString('en')} entr${summary.kv === 1 ? 'y' : 'ies'}`);
  return summary;
}

const INDEX_FIELD = /^[^$/\x00-\x1f][^/\x00-\x1f]*$/;

/** What the CLI can check itself before anything is written: key-value entries, index fields, schema shapes. */
function checkPlan(plan: ImportPlan): void {
  plan.kv.entries.forEach((e, i) => {
    const x = e as Record<string, unknown> | null;
    const expires = x?.expiresAt;
    const ok =
      x !== null && typeof x === 'object' && typeof x.key === 'string' && x.key !== '' && typeof x.value === 'string' &&
      (x.keyspace === undefined || typeof x.keyspace === 'string') &&
      (expires === undefined || expires === null || (typeof expires === 'number' && Number.isFinite(expires)) || (typeof expires === 'string' && Number.isFinite(Date.parse(expires))));
    if (!ok) throw new AdminError('LH_IMPORT_INVALID', `${plan.kv.where[i]}: expected {"keyspace"?, "key": "…", "value": "…", "expiresAt"?} (nothing was imported)`);
  });
  for (const [coll, fields] of Object.entries(plan.indexes)) {
    if (!Array.isArray(fields) || !fields.every((f) => typeof f === 'string' && INDEX_FIELD.test(f))) {
      throw new AdminError('LH_IMPORT_INVALID', `${EXPORT_LAYOUT.indexes}: "${coll}" must list field names, got ${JSON.stringify(fields)} (nothing was imported)`);
    }
  }
  for (const [coll, schema] of Object.entries(plan.schemas)) {
    if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) throw new AdminError('LH_IMPORT_INVALID', `${EXPORT_LAYOUT.schemas}: the schema of "${coll}" must be a JSON schema object (nothing was imported)`);
  }
}

import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ADMIN_API } from '../admin/prefix.js';
import type { KvEntry } from '../datastore/index.js';
import { AdminError } from '../admin/errors.js';
import { objectBody } from '../admin/request.js';
import { requireCollection, type DataRouteSources } from './sources.js';
import { any, int, list, obj, record, routeSchema, str } from '../admin/schema.js';

type Named = { Params: { name: string } };

/** Documents or entries one import request may carry: the CLI sends batches of this size, keeping bodies small. */
export const MAX_IMPORT_BATCH = 10_000;

const NAME = { name: str('the collection') };
const NDJSON = 'application/x-ndjson';
const SCHEMAS = {
  exportDocs: routeSchema({ tag: 'data', summary: 'Every document of a collection as JSON Lines, streamed', params: NAME, produces: NDJSON, reply: str('one JSON document a line') }),
  validate: routeSchema({ tag: 'data', summary: 'Check documents against the collection\'s schema (or the one given) without writing', params: NAME, body: obj({ docs: list(record()), schema: any('a JSON schema, or null for none') }, ['schema']), reply: obj({ problems: list(obj({ index: int(), code: str(), message: str() })) }) }),
  importDocs: routeSchema({ tag: 'data', summary: 'Insert or replace documents by _id (importing twice changes nothing); at most 10,000 a request', params: NAME, body: obj({ docs: list(record()) }), reply: obj({ inserted: int(), replaced: int() }) }),
  exportKv: routeSchema({ tag: 'kv', summary: 'Every key-value entry of every keyspace as JSON Lines, streamed', produces: NDJSON, reply: str('one {keyspace, key, value, expiresAt?} a line') }),
  importKv: routeSchema({ tag: 'kv', summary: 'Write key-value entries (exact expiry kept, expired ones skipped)', body: obj({ entries: list(obj({ keyspace: str(), key: str(), value: str(), expiresAt: any('epoch ms or ISO date') }, ['keyspace', 'expiresAt'])) }), reply: obj({ written: int() }) }),
};

/**
 * Export and import, for `localhooks export|import` and `--import`/`--export-on-exit`:
 *   GET  /collections/:name/export            → JSON Lines, one document a line, streamed
 *   POST /collections/:name/validate {docs, schema?} → {problems: [{index, code, message, schemaError?}]}
 *   POST /collections/:name/import {docs}     → {inserted, replaced} (by `_id`: importing twice changes nothing)
 *   GET  /kv/export                           → JSON Lines of {keyspace, key, value, expiresAt?} (every keyspace)
 *   POST /kv/import {entries}                 → {written} (exact expiry kept; expired entries skipped)
 */
export function registerTransferRoutes(app: FastifyInstance, s: DataRouteSources): void {
  app.get<Named>(`${ADMIN_API}/collections/:name/export`, { schema: SCHEMAS.exportDocs }, async (req, reply) => {
    const coll = requireCollection(s, req.params.name);
    return ndjson(reply, s.backend.iterate('getMany', [coll, {}, {}]));
  });
  app.post<Named>(`${ADMIN_API}/collections/:name/validate`, { schema: SCHEMAS.validate }, async (req) => {
    const { docs, schema } = objectBody(req, 'POST /collections/:name/validate');
    return { problems: s.datastore.validateDocuments(req.params.name, batch(docs, 'docs'), schemaOf(schema)) };
  });
  app.post<Named>(`${ADMIN_API}/collections/:name/import`, { schema: SCHEMAS.importDocs }, async (req) => {
    const { docs } = objectBody(req, 'POST /collections/:name/import');
    const list = batch(docs, 'docs');
    return s.guard(() => s.datastore.upsertDocuments(req.params.name, list));
  });
  app.get(`${ADMIN_API}/kv/export`, { schema: SCHEMAS.exportKv }, async (_req, reply) => ndjson(reply, allEntries(s)));
  app.post(`${ADMIN_API}/kv/import`, { schema: SCHEMAS.importKv }, async (req) => {
    const { entries } = objectBody(req, 'POST /kv/import');
    const list = batch(entries, 'entries').map(toEntry);
    return { written: await s.guard(() => s.datastore.kv.restore(list)) };
  });
}

async function* allEntries(s: DataRouteSources): AsyncIterable<KvEntry> {
  for (const keyspace of await s.datastore.kv.keyspaces()) yield* s.datastore.kv.entries(keyspace, '');
}

/** Bytes gathered before a chunk goes to the socket: one write per document would cost more than the document. */
const CHUNK_CHARS = 64 * 1024;

function ndjson(reply: FastifyReply, items: AsyncIterable<unknown>): FastifyReply {
  async function* chunks() {
    let buf = '';
    for await (const item of items) {
      buf += `${JSON.stringify(item)}\n`;
      if (buf.length >= CHUNK_CHARS) {
        yield buf;
        buf = '';
      }
    }
    if (buf) yield buf;
  }
  return reply.type('application/x-ndjson; charset=utf-8').send(Readable.from(chunks()));
}

function batch(value: unknown, name: string): unknown[] {
  if (!Array.isArray(value)) throw new AdminError('LH_ADMIN_BAD_REQUEST', `expected {"${name}": [ … ]}`);
  if (value.length > MAX_IMPORT_BATCH) throw new AdminError('LH_ADMIN_BAD_REQUEST', `${name}: at most ${MAX_IMPORT_BATCH} per request, got ${value.length}; send them in batches`);
  return value;
}

function schemaOf(schema: unknown): Record<string, unknown> | null | undefined {
  if (schema === undefined || schema === null) return schema;
  if (typeof schema !== 'object' || Array.isArray(schema)) throw new AdminError('LH_ADMIN_BAD_REQUEST', 'schema must be a JSON schema object or null');
  return schema as Record<string, unknown>;
}

function toEntry(e: unknown, i: number): KvEntry {
  const x = e as Partial<Record<keyof KvEntry, unknown>> | null;
  if (!x || typeof x !== 'object' || typeof x.key !== 'string' || typeof x.value !== 'string') {
    throw new AdminError('LH_ADMIN_BAD_REQUEST', `entries[${i}]: expected {"keyspace"?, "key": "…", "value": "…", "expiresAt"?}`);
  }
  const expiresAt = x.expiresAt === undefined || x.expiresAt === null ? undefined : typeof x.expiresAt === 'string' ? Date.parse(x.expiresAt) : x.expiresAt;
  if (expiresAt !== undefined && (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt))) throw new AdminError('LH_ADMIN_BAD_REQUEST', `entries[${i}].expiresAt: expected epoch ms or an ISO date`);
  return { keyspace: typeof x.keyspace === 'string' ? x.keyspace : '', key: x.key, value: x.value, ...(expiresAt === undefined ? {} : { expiresAt: Math.round(expiresAt) }) };
}

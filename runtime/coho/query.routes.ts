import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AdminError } from '../admin/errors.js';
import { jsonBody, jsonParam } from '../admin/request.js';
import { COHO_PREFIX } from './gate.js';
import type { CohoSources } from './sources.js';

type Coll = { Params: { space: string; collection: string }; Querystring: Record<string, unknown> };

/** The collection `coho collection` asks `_A_D_M_query` for: the space's metadata, not a user collection. */
const METADATA = '_dbmetadata';
/** Documents per restore write: the CLI sends 5 000 a request; larger bodies are split. */
const RESTORE_CHUNK = 5_000;

/** `x-options` as `coho query` builds it. */
interface QueryOptions {
  limit?: number;
  offset?: number;
  hints?: Record<string, unknown>;
  useIndex?: string;
  start?: unknown;
  end?: unknown;
  reverse?: boolean;
  enqueue?: string;
}

function header(req: FastifyRequest, name: string): unknown {
  const v = req.headers[name];
  if (v === undefined) return undefined;
  try {
    return JSON.parse(String(v));
  } catch {
    throw new AdminError('LH_ADMIN_BAD_REQUEST', `the ${name} header is not JSON: ${String(v).slice(0, 80)}`);
  }
}

/** Streams items as one JSON array, as the platform does, so large results never sit in memory whole. */
function jsonArray(reply: FastifyReply, items: AsyncIterable<unknown>): FastifyReply {
  async function* parts() {
    let buf = '[';
    let first = true;
    for await (const item of items) {
      buf += `${first ? '' : ','}\n${JSON.stringify(item)}`;
      first = false;
      // One write per 64 KiB, not per document.
      if (buf.length >= 65_536) {
        yield buf;
        buf = '';
      }
    }
    yield `${buf}\n]\n`;
  }
  return reply.type('application/json; charset=utf-8').send(Readable.from(parts()));
}

/**
 * `_A_D_M_query/<collection>?q=<criteria>&h=<hints>` (`coho query`, `coho count`, `coho collection`) with the
 * `x-options`, `x-deletebyquery`, `x-updatebyquery` and `x-replacebyquery` headers; `_A_D_M_export/<collection>`
 * (`coho export`); `POST _A_D_M_restore/<collection>` (`coho import`, by `_id`).
 */
export function registerCohoQueryRoutes(app: FastifyInstance, s: CohoSources): void {
  app.get<Coll>(`${COHO_PREFIX}/:space/_A_D_M_query/:collection`, async (req, reply) => {
    const coll = req.params.collection;
    if (coll === METADATA) return metadata(s);
    const criteria = (jsonParam(req.query.q, 'q') ?? {}) as Record<string, unknown>;
    const hints = (jsonParam(req.query.h, 'h') ?? {}) as Record<string, unknown>;
    const o = (header(req, 'x-options') ?? {}) as QueryOptions;
    if (req.headers['x-deletebyquery'] !== undefined) return s.conn.removeMany(coll, criteria);
    if (req.headers['x-updatebyquery'] !== undefined) return s.conn.updateMany(coll, criteria, header(req, 'x-updatebyquery') as Record<string, unknown>);
    if (req.headers['x-replacebyquery'] !== undefined) return s.conn.replaceMany(coll, criteria, header(req, 'x-replacebyquery') as Record<string, unknown>);
    if (hints.count || hints.$onlycount) return s.conn.count(coll, criteria);
    const query = { ...criteria };
    let sort: Record<string, 1 | -1> | undefined;
    if (o.useIndex) {
      // An index scan from start to end, in index order: the same documents as a range query sorted on the field.
      const range: Record<string, unknown> = {};
      if (o.start !== undefined) range.$gte = o.start;
      if (o.end !== undefined) range.$lte = o.end;
      if (Object.keys(range).length) query[o.useIndex] = range;
      sort = { [o.useIndex]: o.reverse ? -1 : 1 };
    } else if (o.reverse) sort = { _id: -1 };
    const options = { hints: o.hints, limit: o.limit, offset: o.offset, ...(sort ? { sort } : {}) };
    if (o.enqueue) return s.conn.enqueueFromQuery(coll, query, o.enqueue, options);
    // Read the first item before answering, so that a bad query is a 400, not a broken stream.
    const it = s.backend.iterate('getMany', [coll, query, options])[Symbol.asyncIterator]();
    const first = await it.next();
    return jsonArray(reply, rest(first, it));
  });

  app.get<Coll>(`${COHO_PREFIX}/:space/_A_D_M_export/:collection`, async (req, reply) => jsonArray(reply, s.backend.iterate('getMany', [req.params.collection, {}, {}])));

  app.post<Coll>(`${COHO_PREFIX}/:space/_A_D_M_restore/:collection`, async (req, reply) => {
    const body = jsonBody(req);
    const docs = Array.isArray(body) ? body : body === undefined ? [] : [body];
    let inserted = 0;
    let replaced = 0;
    for (let i = 0; i < docs.length; i += RESTORE_CHUNK) {
      const r = await s.guard(() => s.datastore.upsertDocuments(req.params.collection, docs.slice(i, i + RESTORE_CHUNK)));
      inserted += r.inserted;
      replaced += r.replaced;
    }
    return reply.code(201).send({ count: inserted + replaced, inserted, replaced });
  });
}

async function* rest<T>(first: IteratorResult<T>, it: AsyncIterator<T>): AsyncIterable<T> {
  for (let r = first; !r.done; r = await it.next()) yield r.value;
}

/** `coho collection` reads `[0].collections` as `[key, {name, indexes: {field: …}, created}]` pairs. */
async function metadata(s: CohoSources): Promise<unknown[]> {
  const infos = await s.datastore.listCollections();
  return [{ collections: infos.map((c) => [c.name, { name: c.name, indexes: Object.fromEntries(c.indexes.map((f) => [f, { field: f }])), created: c.createdAt, count: c.count }]) }];
}

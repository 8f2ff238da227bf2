import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ADMIN_API } from '../admin/prefix.js';
import { LocalhooksError } from '../errors.js';
import type { FilesService } from './index.js';
import { int, list, obj, routeSchema, str } from '../admin/schema.js';

export interface FileRoutesDeps {
  files: FilesService;
  /** Largest upload accepted (the gateway's limit for spooled app uploads). */
  uploadLimit: number;
}

const PATH = { '*': str('the file\'s path in the store, without its leading /') };
const SCHEMAS = {
  list: routeSchema({ tag: 'files', summary: 'Files in a folder of the store', query: { path: str('a folder, default /') }, reply: obj({ files: list(obj({ path: str(), size: int(), date: str() })) }) }),
  get: routeSchema({ tag: 'files', summary: 'A file\'s bytes, as an attachment', params: PATH, produces: 'application/octet-stream', reply: { type: 'string', format: 'binary' } }),
  put: routeSchema({ tag: 'files', summary: 'Write a file whole (or not at all)', params: PATH, consumes: 'application/octet-stream', body: { type: 'string', format: 'binary' }, status: 201, reply: obj({ path: str(), size: int() }) }),
  remove: routeSchema({ tag: 'files', summary: 'Delete a file, or a folder with recursive=true', params: PATH, query: { recursive: str('true to delete a folder and what it holds') }, reply: obj({ deleted: list(str()) }) }),
};

/**
 * `/.localhooks/api/files`: the blob store for `localhooks files` and the dashboard. Bodies stream both ways
 * (an upload goes from the socket into the part file, a download from the file to the socket), so any size
 * costs the same memory.
 *
 *   GET    /files?path=/folder   → {files: [{path, size, date, _id}]}
 *   GET    /files/<path>         → the bytes (as an attachment, never rendered as a page of this origin)
 *   PUT    /files/<path>         → 201 {path, size}; replaces the file whole or not at all
 *   DELETE /files/<path>[?recursive=true] → {deleted: [paths]}
 */
export async function registerFileRoutes(admin: FastifyInstance, deps: FileRoutesDeps): Promise<void> {
  const { files } = deps;
  await admin.register(async (scope) => {
    // Uploads are read by the route itself, as a stream: no parser buffers them.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));

    scope.get(`${ADMIN_API}/files`, { schema: SCHEMAS.list }, async (request: FastifyRequest<{ Querystring: { path?: string } }>) => {
      return { files: await files.list(request.query.path || '/') };
    });

    scope.get(`${ADMIN_API}/files/*`, { schema: SCHEMAS.get }, async (request: FastifyRequest<{ Params: { '*': string } }>, reply: FastifyReply) => {
      const path = storePath(request.params['*']);
      const f = await files.open(path);
      const name = path.slice(path.lastIndexOf('/') + 1);
      reply.headers({
        'content-type': 'application/octet-stream',
        'content-length': String(f.size),
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
        'x-content-type-options': 'nosniff',
        etag: f.etag,
        'last-modified': new Date(f.mtimeMs).toUTCString(),
      });
      return reply.send(f.handle.createReadStream());
    });

    scope.put(`${ADMIN_API}/files/*`, { schema: SCHEMAS.put }, async (request: FastifyRequest<{ Params: { '*': string } }>, reply: FastifyReply) => {
      const path = storePath(request.params['*']);
      if (Number(request.headers['content-length']) > deps.uploadLimit) throw tooLarge(deps.uploadLimit);
      try {
        return reply.code(201).send(await files.put(path, request.raw, deps.uploadLimit));
      } catch (err) {
        if (err instanceof RangeError) throw tooLarge(deps.uploadLimit);
        throw err;
      }
    });

    scope.delete(`${ADMIN_API}/files/*`, { schema: SCHEMAS.remove }, async (request: FastifyRequest<{ Params: { '*': string }; Querystring: { recursive?: string } }>) => {
      const recursive = request.query.recursive === 'true' || request.query.recursive === '1';
      return { deleted: await files.remove(storePath(request.params['*']), { recursive }) };
    });
  });
}

/** The wildcard is the store path without its leading `/`. */
function storePath(wild: string | undefined): string {
  return `/${wild ?? ''}`;
}

function tooLarge(limit: number): LocalhooksError {
  return new LocalhooksError('LH_BODY_TOO_LARGE', `The upload is larger than ${limit} bytes`, { status: 413 });
}

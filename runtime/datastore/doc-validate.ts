import { isLocalhooksError } from '../errors.js';
import type { CollectionRegistry } from './collections.js';
import type { DocWriter } from './doc-writer.js';
import { SchemaValidationError } from './errors.js';
import { SchemaValidators } from './schemas.js';

/** One document an import would refuse: its position in the list and the datastore's reason. */
export interface DocProblem {
  index: number;
  code: string;
  message: string;
  schemaError?: unknown[];
}

/**
 * The checks an insert makes (a storable object, a valid `_id`, the size limit, the JSON schema), without
 * writing: an import validates every document this way before it writes any. `schema`: the schema to check
 * against instead of the collection's own (the one an import brings); null for none.
 */
export function validateDocuments(
  deps: { writer: DocWriter; registry: CollectionRegistry },
  coll: string,
  docs: readonly unknown[],
  schema?: Record<string, unknown> | null,
  maxProblems = 10,
): DocProblem[] {
  const meta = deps.registry.get(coll);
  const own = schema === undefined ? meta?.schema : (schema ?? undefined);
  // A schema brought by the import is compiled here, apart from the collection's cached validator.
  const validators = new SchemaValidators();
  if (own !== undefined) validators.compile(coll, own);
  const problems: DocProblem[] = [];
  for (let i = 0; i < docs.length && problems.length < maxProblems; i++) {
    try {
      const { doc } = deps.writer.prepareNew(coll, docs[i]);
      deps.writer.check(coll, undefined, doc);
      validators.check(coll, own, doc);
    } catch (err) {
      if (!isLocalhooksError(err)) throw err;
      problems.push({ index: i, code: err.code, message: err.message, ...(err instanceof SchemaValidationError ? { schemaError: err.schemaError } : {}) });
    }
  }
  return problems;
}

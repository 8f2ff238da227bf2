import { dbError, type DatastoreError } from '../errors.js';

export function invalidQuery(message: string): DatastoreError {
  return dbError('LH_DB_INVALID_QUERY', `Invalid query: ${message}`);
}

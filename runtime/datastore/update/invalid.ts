import { dbError, type DatastoreError } from '../errors.js';

export function invalidUpdate(message: string): DatastoreError {
  return dbError('LH_DB_INVALID_UPDATE', `Invalid update: ${message}`);
}

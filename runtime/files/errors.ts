import { LocalhooksError } from '../errors.js';

/**
 * Stable codes of the file store's admin API; each is a row in docs/errors.md. A path that would leave the
 * store is `LH_FILE_BAD_PATH`, raised by the store itself (sdk/files/store-paths.ts), for apps and the API alike.
 */
export const FILE_ERRORS = {
  LH_FILE_BAD_PATH: 400,
  LH_FILE_NOT_FOUND: 404,
  LH_FILE_IS_FOLDER: 409,
} as const;

export type FileErrorCode = keyof typeof FILE_ERRORS;

export class FileError extends LocalhooksError {
  constructor(code: FileErrorCode, message: string) {
    super(code, message, { status: FILE_ERRORS[code] });
    this.name = 'FileError';
  }
}

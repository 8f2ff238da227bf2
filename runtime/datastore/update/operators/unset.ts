import { unsetPath } from '../../field-path.js';
import type { UpdateOperator } from '../types.js';

/** `$unset`: removes the field (the operand is ignored, as in Mongo). */
export const $unset: UpdateOperator = {
  apply(doc, path) {
    unsetPath(doc, path);
  },
};

import { isNumericString } from '../../compare.js';
import { getPath, setPath } from '../../field-path.js';
import type { UpdateOperator } from '../types.js';
import { invalidUpdate } from '../invalid.js';

/**
 * `$inc` (negative to decrement). The docs show `$inc: {bonus: '20'}`, so numeric strings are accepted as
 * amounts and as current values (AMB 24); the result is a number. A missing field starts at 0.
 */
export const $inc: UpdateOperator = {
  prepare(operand, path) {
    const n = typeof operand === 'number' ? operand : isNumericString(operand) ? Number(operand) : Number.NaN;
    if (!Number.isFinite(n)) throw invalidUpdate(`$inc on "${path}" needs a number, got ${JSON.stringify(operand)}`);
    return n;
  },
  apply(doc, path, operand) {
    const current = getPath(doc, path);
    let base: number;
    if (current === undefined || current === null) base = 0;
    else if (typeof current === 'number') base = current;
    else if (isNumericString(current)) base = Number(current);
    else throw invalidUpdate(`$inc on "${path}": the current value ${JSON.stringify(current)} is not a number`);
    setPath(doc, path, base + (operand as number));
  },
};

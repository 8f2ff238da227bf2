import { getPath, setPath } from '../../field-path.js';
import type { Doc } from '../types.js';
import { invalidUpdate } from '../invalid.js';

/** The array at `path`, created empty when missing (`create`), or undefined when missing. */
export function arrayAt(doc: Doc, path: string, op: string, create: boolean): unknown[] | undefined {
  const current = getPath(doc, path);
  if (current === undefined || current === null) {
    if (!create) return undefined;
    const arr: unknown[] = [];
    setPath(doc, path, arr);
    return arr;
  }
  if (!Array.isArray(current)) throw invalidUpdate(`${op} on "${path}": the current value is not an array`);
  return current;
}

/** `{$each: [...]}` or a single value. */
export function eachValues(operand: unknown): unknown[] {
  if (operand !== null && typeof operand === 'object' && !Array.isArray(operand) && '$each' in operand) {
    const each = (operand as { $each: unknown }).$each;
    return Array.isArray(each) ? each : [each];
  }
  return [operand];
}

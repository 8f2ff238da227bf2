import { anyLeaf, regexTest } from '../../compare.js';
import type { FieldOperator } from '../types.js';
import { invalidQuery } from '../invalid.js';

/** Flags JS accepts; `g` and `y` are dropped because they make `test` stateful (crudlify sends `gi`). */
const ALLOWED_FLAGS = /^[imsu]*$/;

export function buildRegExp(source: string, flags: string, path: string): RegExp {
  const clean = [...new Set(flags.replace(/[gy]/g, ''))].join('');
  if (!ALLOWED_FLAGS.test(clean)) throw invalidQuery(`unsupported $options "${flags}" on "${path}"`);
  try {
    return new RegExp(source, clean);
  } catch (err) {
    throw invalidQuery(`bad regular expression on "${path}": ${(err as Error).message}`);
  }
}

/** `$regex` as a string or RegExp, with optional `$options` (QL-03). */
export const $regex: FieldOperator = {
  compile(operand, ctx) {
    const options = ctx.siblings.$options;
    if (options !== undefined && typeof options !== 'string') throw invalidQuery(`$options on "${ctx.path}" must be a string`);
    let re: RegExp;
    if (operand instanceof RegExp) re = buildRegExp(operand.source, (options as string | undefined) ?? operand.flags, ctx.path);
    else if (typeof operand === 'string') re = buildRegExp(operand, (options as string | undefined) ?? '', ctx.path);
    else throw invalidQuery(`$regex on "${ctx.path}" needs a string or RegExp`);
    return (values) => anyLeaf(values, (v) => typeof v === 'string' && regexTest(re, v));
  },
};
